"""`code_stamp`: an edited, added or removed module changes it; compiled files do not."""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.code_stamp import code_stamp
from orchestrator.index.cache.format import INDEX_CODE, cache_format


def package(root: Path) -> None:
    for rel in ("pkg/a.py", "pkg/sub/b.py", "pkg/__pycache__/a.cpython-311.pyc", "top.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x = 1\n")


def stamp(root: Path) -> list[int]:
    return code_stamp(("pkg",), ("top.py",), root=str(root))


def test_an_edit_changes_the_stamp_and_compiled_files_do_not(tmp_path: Path):
    package(tmp_path)
    before = stamp(tmp_path)
    assert len(before) == 6  # three modules: a.py, sub/b.py and top.py
    (tmp_path / "pkg/__pycache__/a.cpython-311.pyc").write_text("other")
    assert stamp(tmp_path) == before
    b = tmp_path / "pkg/sub/b.py"
    b.write_text("x = 2\n")  # same size: the time tells
    os.utime(b, ns=(1, 1))
    assert stamp(tmp_path) != before


def test_a_module_added_or_gone_changes_the_stamp(tmp_path: Path):
    package(tmp_path)
    before = stamp(tmp_path)
    (tmp_path / "pkg/c.py").write_text("")
    assert len(stamp(tmp_path)) == len(before) + 2
    (tmp_path / "pkg/c.py").unlink()
    (tmp_path / "top.py").unlink()
    assert stamp(tmp_path)[-2:] == [-1, -1]


def test_the_index_cache_format_names_the_index_code(tmp_path: Path):
    """The digest at the end of the format is that of the index's own modules."""
    from zlib import crc32

    code = crc32(",".join(map(str, code_stamp(INDEX_CODE))).encode())
    assert cache_format().endswith(f"-{code:08x}")
