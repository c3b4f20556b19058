"""The one way stackcrew replaces a file: all or nothing, the file's mode kept, no trace left."""

from __future__ import annotations

import os
import stat

import pytest

from project_state.atomic import AtomicFile, is_temp_file, write_atomic


@pytest.mark.parametrize("durable", [True, False])
def test_a_replaced_file_keeps_its_mode_execute_bits_included(tmp_path, durable):
    script = tmp_path / "run.sh"
    script.write_text("old\n")
    script.chmod(0o750)
    write_atomic(script, b"new\n", durable=durable)
    assert script.read_bytes() == b"new\n"
    assert stat.S_IMODE(script.stat().st_mode) == 0o750
    assert os.listdir(tmp_path) == ["run.sh"]


def test_a_new_file_gets_what_open_would_give_it(tmp_path):
    mask = os.umask(0o027)
    os.umask(mask)  # the process's umask, unchanged
    write_atomic(tmp_path / "new.txt", b"x")
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o666 & ~mask


def test_a_symbolic_link_is_replaced_not_written_through(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    link = tmp_path / "link.txt"
    link.symlink_to(outside)
    write_atomic(link, b"mine\n")
    assert outside.read_text() == "keep\n"
    assert not link.is_symlink() and link.read_bytes() == b"mine\n"


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "folder"
    target.mkdir()  # a rename over a non-empty folder fails
    (target / "inside").write_text("x")
    with pytest.raises(OSError):
        write_atomic(target, b"data")
    assert sorted(os.listdir(tmp_path)) == ["folder"]


def test_temporary_files_are_known_by_name(tmp_path):
    name = ".models.py.k3j_9a0z.stackcrew-tmp"
    assert is_temp_file(f"backend/app/{name}")
    assert not is_temp_file("backend/app/models.py")
    assert not is_temp_file(".models.py.stackcrew-tmp")


def test_a_replacement_written_in_pieces_appears_only_whole(tmp_path):
    target = tmp_path / "files.json"
    target.write_bytes(b"old")
    replacement = AtomicFile(target, durable=False)
    replacement.write(b"new ")
    replacement.write(b"content" * 20_000)  # more than one buffer
    assert target.read_bytes() == b"old"
    replacement.commit()
    assert target.read_bytes() == b"new " + b"content" * 20_000
    assert os.listdir(tmp_path) == ["files.json"]


def test_what_a_forked_writer_left_in_a_replacement_can_be_dropped(tmp_path):
    """A child that shares the temporary file's descriptor (and offset) writes, then dies
    half-way: the parent truncates back to where it was and writes on from there."""
    target = tmp_path / "files.json"
    replacement = AtomicFile(target, durable=False)
    replacement.write(b"head,")
    replacement.flush()
    start = replacement.tell()
    pid = os.fork()
    if pid == 0:  # the child: part of its work, unbuffered
        replacement.write(b"half of the chi")
        replacement.flush()
        os._exit(1)
    os.waitpid(pid, 0)
    replacement.truncate(start)
    replacement.write(b"whole")
    replacement.commit()
    assert target.read_bytes() == b"head,whole"


def test_a_discarded_replacement_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "files.json"
    target.write_bytes(b"old")
    replacement = AtomicFile(target)
    replacement.write(b"half of it")
    (temporary,) = [name for name in os.listdir(tmp_path) if name != "files.json"]
    assert is_temp_file(temporary)
    replacement.discard()
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["files.json"]
