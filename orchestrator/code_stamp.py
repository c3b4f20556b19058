"""Which version of stackcrew's own code is running, told cheaply: the modification time
and size of each of its modules in a set of folders.

An installed stackcrew never changes its files; an upgrade or an edited checkout does. A
cache whose meaning depends on code (the index's facts, remembered answers) carries a
stamp, so that what older code wrote is never read as if the current code had.
"""

from __future__ import annotations

import os

# The folder holding the packages (orchestrator/, agents/, ...).
PACKAGES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def code_stamp(
    folders: tuple[str, ...], modules: tuple[str, ...] = (), root: str = PACKAGES
) -> list[int]:
    """Modification times and sizes of the modules under `folders` (subfolders included)
    and of `modules`, paths relative to `root`, in path order; ``-1, -1`` for a module
    named that is gone."""
    paths = [os.path.join(root, module) for module in modules]
    for folder in folders:
        for parent, subfolders, names in os.walk(os.path.join(root, folder)):
            subfolders[:] = [name for name in subfolders if name != "__pycache__"]
            paths += [os.path.join(parent, name) for name in names if name.endswith(".py")]
    stamp: list[int] = []
    for path in sorted(paths):
        try:
            stat = os.stat(path)
        except OSError:
            stamp += [-1, -1]
            continue
        stamp += [stat.st_mtime_ns, stat.st_size]
    return stamp
