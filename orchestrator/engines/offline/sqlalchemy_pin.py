"""Whether a project pins SQLAlchemy below 2, where the tables a recipe writes
(`Mapped[...]`, `mapped_column`) do not import.

Read from the dependency files of the backend folder and of the repository root:
requirements files (`SQLAlchemy==1.3.19`, `sqlalchemy<2`), pyproject.toml (PEP 621
strings, Poetry's `sqlalchemy = "^1.4"`), setup.py and Pipfile; the first pin found
decides. No pin, or one that allows 2, is no objection.
"""

from __future__ import annotations

import re
from pathlib import Path

DEPENDENCY_FILES = ("requirements.txt", "requirements-dev.txt", "requirements/base.txt",
                    "pyproject.toml", "setup.py", "Pipfile")  # fmt: skip
# `sqlalchemy` as a requirement's name (extras allowed; not `sqlalchemy-utils`), then its
# version constraints: PEP 508's `==1.3.19`, `>=1.4,<2.0` (an operator first, so prose
# such as "SQLAlchemy 2" is none), or Poetry's `= "^1.4"`.
_VERSION = r"[0-9][\w.*]*"
_MORE = rf"(?:\s*,\s*[=~<>!^]=?=?\s*{_VERSION})*"
PIN = re.compile(
    r"""(?:^|["'\s\[,])sqlalchemy(?:\[[^\]]*\])?(?![\w.-])["']?\s*"""
    rf"""(?:=\s*["']\s*([\^~]?=?\s*{_VERSION}{_MORE})|((?:[=~<>!]=?=?)\s*{_VERSION}{_MORE}))""",
    re.IGNORECASE | re.MULTILINE,
)
BELOW_2 = re.compile(r"^(?:==|~=|\^|~|<=|===)?\s*[01]\.|<\s*2(?:\.0)*$|<\s*[01]\.")


def pinned_below_2(root: Path, folders: list[str]) -> str | None:
    """`"requirements.txt: SQLAlchemy==1.3.19"` for the first pin below 2 in the
    dependency files of `folders` (repository-relative), or None."""
    for folder in dict.fromkeys(folders):
        for name in DEPENDENCY_FILES:
            path = root / folder / name
            text = _text(path)
            found = PIN.search(text) if text else None
            if found is None:
                continue
            constraints = [c.strip() for c in (found.group(1) or found.group(2)).split(",")]
            if any(BELOW_2.search(c) for c in constraints):
                shown = path.relative_to(root).as_posix()
                return f"{shown}: {found.group(0).strip()}"
            return None  # the first pin decides: a later file is older or a copy
    return None


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    except OSError:
        return ""
