"""Where stackcrew's own files sit in a target repository, known without loading them.

The repository is the nearest git work tree above a path; its config is `CONFIG_FILE` at
the top; ``.stackcrew-cache/`` (`project_state.cache_folder`) holds what stackcrew may
rebuild at any time.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`: a quick answer loads neither (~5 ms each)
if TYPE_CHECKING:
    from pathlib import Path

CONFIG_FILE = "stackcrew.yaml"


def find_repo_root(start: Path) -> Path:
    """The nearest folder upwards that is a git work tree; else `start` itself."""
    return git_work_tree(start) or start


def git_work_tree(start: Path) -> Path | None:
    """The nearest folder upwards that is a git work tree, or None outside any."""
    found = work_tree_of(str(start))
    return None if found is None else type(start)(found)


def work_tree_of(start: str) -> str | None:
    """`git_work_tree` for a path given as text, without `pathlib`."""
    folder = start
    while not os.path.exists(os.path.join(folder, ".git")):
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return folder
