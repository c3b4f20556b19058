"""The static index at a change's base, built from head's files and the changed files' base.

Files the change does not touch are the same at base and at head, so their facts come
from head's index cache (or are parsed once when there is none); only the changed files
are read back from git at base (one `git cat-file --batch`) and parsed. Nothing is
exported and the cost grows with the change, not with the repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.review.diff import Changes, read_blobs

if TYPE_CHECKING:
    from orchestrator.index.facts import ProjectIndex
    from orchestrator.index.file_facts import FileFacts


def base_index(
    tree: Path,
    root: Path,
    changes: Changes,
    head_facts: dict[str, FileFacts],
    *,
    use_cache: bool,
) -> ProjectIndex:
    """The index of `tree` as it was at the change's base (`root` holds the git objects).

    `head_facts` are head's files' facts when the head index was just collected; without
    them (a ready cache answered) they are read from the cache."""
    from orchestrator.index.link import link_index

    at = tree.resolve()
    changed = set(changes.status)
    if head_facts:
        facts = {rel: f for rel, f in head_facts.items() if rel not in changed}
    else:
        facts = _unchanged_facts(at, changed, use_cache=use_cache)
    facts.update(base_facts(root, changes))
    return link_index(str(at), dict(sorted(facts.items())))


def _unchanged_facts(tree: Path, changed: set[str], *, use_cache: bool) -> dict[str, FileFacts]:
    from orchestrator.index.build import collect_facts, wait_for_cache
    from orchestrator.index.cache import IndexCache
    from orchestrator.index.discover import discover

    wait_for_cache()  # head's index may still be writing the cache this reads
    found = {rel: f for rel, f in discover(str(tree)).items() if rel not in changed}
    previous, cache_mtime = IndexCache(tree).load_files() if use_cache else ({}, 0)
    files, _ = collect_facts(found, previous, cache_mtime)
    return {rel: cached.facts for rel, cached in files.items()}


def base_facts(root: Path, changes: Changes) -> dict[str, FileFacts]:
    from orchestrator.index.file_facts import parse_file

    kinds = {path: kind for path in changes.status if (kind := indexed_kind(path))}
    blobs = {path: blob for path in kinds if (blob := changes.base_blob(path))}
    contents = read_blobs(root, list(blobs.values()))
    return {
        path: parse_file(contents[blob], path, kinds[path])
        for path, blob in blobs.items()
        if blob in contents
    }


def indexed_kind(path: str) -> str | None:
    """The index's kind for a repository path, or None when the index does not read it."""
    from orchestrator.index.discover import SKIP_DIRS, file_kind

    *folders, name = path.split("/")
    return None if SKIP_DIRS.intersection(folders) else file_kind(name)
