"""The package's own imports written the way its modules write them.

A package whose modules import each other relatively (``from ..core.db import Base``) is
often run under two roots: ``uvicorn src.app.main:app`` from the repository, and
``uvicorn app.main:app`` in its container or by Alembic. Only a relative import works
under both, so generated modules there import the package relatively too.
"""

from __future__ import annotations

import re

_RELATIVE = re.compile(r"^\s*from\s+\.", re.MULTILINE)
_FROM = re.compile(r"^(\s*from\s+)([A-Za-z_][\w.]*)(\s+import\b)")


def prefers_relative(texts: dict[str, str], package: str) -> bool:
    """Whether the package's modules import each other relatively more often than by
    the package's name."""
    absolute = re.compile(rf"^\s*(?:from|import)\s+{re.escape(package)}\b", re.MULTILINE)
    relative = sum(len(_RELATIVE.findall(text)) for text in texts.values())
    return relative > sum(len(absolute.findall(text)) for text in texts.values())


def made_relative(text: str, module: str, package: str, *, keep: str = "") -> str:
    """`text`, the source of `module` (a dotted name; ``__init__`` for a package's own
    file), with each ``from <package>… import`` line made relative. Lines that are also
    in `keep` (the file as the project wrote it) stay as they are."""
    kept = frozenset(keep.splitlines())
    parts = module.split(".")
    here = parts[:-1]  # the package a relative import starts from
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        match = _FROM.match(line)
        if match is None or line.rstrip("\r\n") in kept:
            continue
        target = match.group(2).split(".")
        if target[0] != package:
            continue
        shared = _shared_prefix(here, target)
        relative = "." * (len(here) - shared + 1) + ".".join(target[shared:])
        lines[number] = match.group(1) + relative + match.group(3) + line[match.end() :]
    return "".join(lines)


def _shared_prefix(left: list[str], right: list[str]) -> int:
    count = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        count += 1
    return count
