"""A stamp a repository brings cannot name the marker it finds: the marker's identity is
that of a file (device, inode, change time), and a marker that is no file (a folder, a
link: an archive or a submodule can hold either) has no identity a stamp may match."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_cache_trust import (
    BIN,
    CACHE_ROOT,
    FORGED,
    QUESTION,
    STAMP,
    assert_truthful,
    assert_warned,
    consult,
    forge_files_json,
    git,
    ship,
)

FILE_URLS = ("-c", "protocol.file.allow=always")  # a submodule from a local folder
NO_MARKER = {"format": 1, "marker": None, "index": None}


def no_file_marker(cache: Path, kind: str) -> None:
    """Put what is no regular file where the marker goes, and a stamp naming no marker."""
    marker = cache / ".gitignore"
    marker.unlink()
    if kind == "folder":
        marker.mkdir()
        (marker / "kept").write_text("")  # a file in it, as git needs to carry one
    else:
        marker.symlink_to("nowhere")
    (cache / STAMP).write_text(json.dumps(NO_MARKER))


def assert_adopted(repo: Path) -> None:
    cache = repo / CACHE_ROOT
    assert (cache / ".gitignore").is_file() and not (cache / ".gitignore").is_symlink()
    assert json.loads((cache / STAMP).read_text())["marker"] is not None
    assert FORGED not in (cache / "index" / "files.json").read_text()


@pytest.mark.parametrize("kind", ["folder", "link"])
def test_a_shipped_stamp_naming_no_marker_does_not_vouch_for_a_forged_index(
    blog: Path, tmp_path: Path, kind: str
) -> None:
    forge_files_json(blog)
    no_file_marker(blog / CACHE_ROOT, kind)
    unpacked = tmp_path / "unpacked"
    ship(blog, unpacked)

    run = consult(unpacked)
    assert_truthful(run)
    assert "warning" not in run.stderr  # nothing tracked: adopted without a word
    assert_adopted(unpacked)


def test_a_removed_submodule_left_behind_with_such_a_stamp_is_adopted(
    blog: Path, tmp_path: Path
) -> None:
    """A submodule at the cache's path: removing it upstream leaves its files on disk
    (git does not delete another repository's work tree), untracked."""
    forge_files_json(blog)
    source = tmp_path / "cache-source"
    shutil.move(blog / CACHE_ROOT, source)
    no_file_marker(source, "folder")
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "a cache")
    git(blog, *FILE_URLS, "submodule", "add", "-f", "-q", str(source), CACHE_ROOT)
    git(blog, "commit", "-q", "-m", "a cache, as a submodule")
    clone = tmp_path / "clone"
    git(tmp_path, *FILE_URLS, "clone", "-q", "--recurse-submodules", str(blog), str(clone))
    git(blog, "rm", "-q", CACHE_ROOT)
    git(blog, "commit", "-q", "-m", "no submodule")
    git(clone, "pull", "-q", "--ff-only")
    assert FORGED in (clone / CACHE_ROOT / "index" / "files.json").read_text()  # left there

    run = consult(clone)
    assert_truthful(run)
    assert "warning" not in run.stderr
    assert_adopted(clone)


def test_a_cloned_stamp_that_leads_to_a_pipe_is_not_waited_on(blog: Path, tmp_path: Path) -> None:
    """A stamp is read before git is asked whether it tracks it: a link to a pipe (or to
    ``/dev/tty``, ``/dev/zero``) would hold every command, so only a file is read."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    cache = blog / CACHE_ROOT
    cache.mkdir()
    (cache / ".gitignore").write_text("*\n")  # a marker of its own, so the stamp is read
    (cache / STAMP).symlink_to(pipe)
    git(blog, "add", "-f", CACHE_ROOT)
    git(blog, "commit", "-q", "-m", "a stamp that never ends")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(blog), str(clone))

    run = subprocess.run(
        [str(BIN / "agent"), *QUESTION, "--project", str(clone)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert_truthful(run)
    assert_warned(run, f"{CACHE_ROOT}/.gitignore")
