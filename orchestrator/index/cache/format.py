"""The version every index cache file carries, known without loading the fact classes.

It has three parts: `INDEX_VERSION`, raised by hand when the facts read from a file change
meaning or grow; `LAYOUT`, the shape of the fact classes (a test fails when they change
and it does not); and a short digest of the index's own code (`code_stamp`), so that a
cache written by other code (an upgrade, an edited checkout, a change of how files are
linked that nobody raised the version for) is built again rather than believed.
"""

from __future__ import annotations

INDEX_VERSION = 12  # raised when the facts read from a file change meaning or grow

# `layout()` of the classes the cache holds; a test fails when they change and this does not.
LAYOUT = "64a88179e64f8079"
INDEX_CODE = ("orchestrator/index",)
_FORMAT: list[str] = []  # worked out once per process


def cache_format() -> str:
    if not _FORMAT:
        from zlib import crc32  # lazy: only when an index cache is read or written

        from orchestrator.code_stamp import code_stamp  # lazy: as above

        code = crc32(",".join(map(str, code_stamp(INDEX_CODE))).encode())
        _FORMAT.append(f"{INDEX_VERSION}-{LAYOUT}-{code:08x}")
    return _FORMAT[0]
