"""A work tree as it is when nothing was just written: every time a minute old.

A recorded time is trusted only when it is older than the walk that saw it; a test that
writes a file and checks at once would race the file system's clock tick without this.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

CACHE = ".stackcrew-cache"


def age(root: Path, seconds: int = 60, *, files: bool = True) -> None:
    """Set every file (unless not `files`) and folder under `root` (the cache and ``.git``
    aside) and `root` itself `seconds` back in time; links are left as they are."""
    then = time.time_ns() - seconds * 1_000_000_000
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name not in (CACHE, ".git")]
        for name in names if files else []:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.utime(path, ns=(then, then))
        os.utime(folder, ns=(then, then))
