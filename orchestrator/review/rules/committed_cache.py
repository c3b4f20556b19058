"""A change that commits stackcrew's own cache: always BLOCK.

``.stackcrew-cache/`` ignores itself, so only ``git add -f`` puts a file there in a
change. What it holds is read as facts about the code: an index ``files.json`` whose
entries carry the real content hashes of the changed files but another file's facts, or
a base index under ``index/base/<key>/``, would have the gate's index rules judge code
that is not the change's. The gate reads no cache that git tracks (see
`ReviewContext.trusts_cache`); this rule keeps such a change from being merged.
"""

from __future__ import annotations

from orchestrator.review.catalog import CACHE_COMMITTED
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from project_state.cache_folder import CACHE_ROOT


def check(ctx: ReviewContext) -> list[Finding]:
    return [_finding(ctx, path) for path in ctx.changes.present() if in_cache_folder(path)]


def in_cache_folder(path: str) -> bool:
    """Whether `path` is the cache folder or lies in it, in any letter case (a
    case-insensitive file system reads ``.Stackcrew-Cache/`` as the cache)."""
    return path.split("/", 1)[0].casefold() == CACHE_ROOT


def _finding(ctx: ReviewContext, path: str) -> Finding:
    return ctx.finding(
        CACHE_COMMITTED,
        "block",
        path,
        0,
        f"the change commits {path}, inside stackcrew's cache: its content would be read "
        "as facts about the code, not derived from it",
        f"remove it from the change (git rm -r --cached -- {CACHE_ROOT}); the folder "
        "ignores itself and is rebuilt from the code",
    )
