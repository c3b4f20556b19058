"""Which repository a path belongs to: the nearest git work tree above it."""

from __future__ import annotations

from pathlib import Path


def find_repo_root(start: Path) -> Path:
    """The nearest folder upwards that is a git work tree; else `start` itself."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start
