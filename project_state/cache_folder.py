"""``.stackcrew-cache/``: what stackcrew may rebuild at any time (the index, the project card,
a board's summary), kept in the target repository and never committed: the folder ignores
itself. Whether what is in it may be believed is `project_state.cache_trust`'s to say."""

from __future__ import annotations

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
    folder = repo_root
    for name in (CACHE_ROOT, *parts):
        folder = folder / name
        _refuse_link(repo_root, folder)
        folder.mkdir(exist_ok=True)
    marker = repo_root / CACHE_ROOT / MARKER
    _refuse_link(repo_root, marker)
    if not marker.exists():
        marker.write_text("# written by stackcrew: this cache is never committed\n*\n")
    return folder


def _refuse_link(repo_root: Path, path: Path) -> None:
    if path.is_symlink():
        shown = path.relative_to(repo_root).as_posix()
        raise Refusal(
            f"{shown} is a link; stackcrew writes its cache inside the repository only",
            hint=f"remove {shown} (stackcrew rebuilds what it held)",
        )
