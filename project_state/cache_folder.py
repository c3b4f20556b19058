"""``.stackcrew-cache/``: what stackcrew may rebuild at any time (the index, the project card,
a board's summary), kept in the target repository and never committed: the folder ignores
itself."""

from __future__ import annotations

from pathlib import Path

CACHE_ROOT = ".stackcrew-cache"


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
