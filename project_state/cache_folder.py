"""``.stackcrew-cache/``: what stackcrew may rebuild at any time (the index, the project card,
a board's summary), kept in the target repository and never committed: the folder ignores
itself. Whether what is in it may be believed is `project_state.cache_trust`'s to say."""

from __future__ import annotations

import os

from project_state.errors import Refusal

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`: a quick answer loads neither (~5 ms each)
if TYPE_CHECKING:
    from pathlib import Path

CACHE_ROOT = ".stackcrew-cache"
MARKER = ".gitignore"  # the folder's own: it ignores everything in it


def cache_dir(repo_root: Path, *parts: str) -> Path:
    """``<repo>/.stackcrew-cache/<parts>``, created, with the folder's own ``.gitignore``.

    The repository itself is never created: a missing one raises `FileNotFoundError`. A
    link on the way (one a cloned repository may carry, to lead the writes elsewhere) is
    refused rather than written through.
    """
    cache_path(os.fspath(repo_root), *parts)
    return repo_root.joinpath(CACHE_ROOT, *parts)


def cache_path(repo_root: str, *parts: str) -> str:
    """`cache_dir` as text, for a quick answer that writes without loading `pathlib`."""
    folder = repo_root
    for name in (CACHE_ROOT, *parts):
        folder = os.path.join(folder, name)
        _refuse_link(repo_root, folder)
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise
    marker = os.path.join(repo_root, CACHE_ROOT, MARKER)
    _refuse_link(repo_root, marker)
    if not os.path.exists(marker):
        with open(marker, "w", encoding="utf-8") as handle:
            handle.write("# written by stackcrew: this cache is never committed\n*\n")
    return folder


def _refuse_link(repo_root: str, path: str) -> None:
    if os.path.islink(path):
        shown = os.path.relpath(path, repo_root).replace(os.sep, "/")
        raise Refusal(
            f"{shown} is a link; stackcrew writes its cache inside the repository only",
            hint=f"remove {shown} (stackcrew rebuilds what it held)",
        )
