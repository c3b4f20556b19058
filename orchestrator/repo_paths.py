"""Where stackcrew's own files sit in a target repository, known without loading them.

The repository is the nearest git work tree above a path; its config is `CONFIG_FILE` at
the top; ``.stackcrew-cache/`` holds what stackcrew may rebuild at any time (the index,
the project card) and is never committed: the folder ignores itself.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "stackcrew.yaml"
CACHE_ROOT = ".stackcrew-cache"


def find_repo_root(start: Path) -> Path:
    """The nearest folder upwards that is a git work tree; else `start` itself."""
    return git_work_tree(start) or start


def git_work_tree(start: Path) -> Path | None:
    """The nearest folder upwards that is a git work tree, or None outside any."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def cache_dir(repo_root: Path, *parts: str) -> Path:
    """``<repo>/.stackcrew-cache/<parts>``, created, with the folder's own ``.gitignore``.

    The repository itself is never created: a missing one raises `FileNotFoundError`.
    """
    (repo_root / CACHE_ROOT).mkdir(exist_ok=True)
    folder = repo_root.joinpath(CACHE_ROOT, *parts)
    folder.mkdir(parents=True, exist_ok=True)
    marker = repo_root / CACHE_ROOT / ".gitignore"
    if not marker.exists():
        marker.write_text("# written by stackcrew: this cache is never committed\n*\n")
    return folder
