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


def base_index(tree: Path, root: Path, changes: Changes, *, use_cache: bool) -> ProjectIndex:
    """The index of `tree` as it was at the change's base (`root` holds the git objects)."""
    from orchestrator.index.link import link_index

    at = tree.resolve()
    facts = _unchanged_facts(at, set(changes.status), use_cache=use_cache)
    facts.update(_base_facts(root, changes))
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


def _base_facts(root: Path, changes: Changes) -> dict[str, FileFacts]:
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


def reaches_index(tree: Path, root: Path, changes: Changes) -> bool:
    """Whether the change can alter what the index-based rules see.

    False when every changed file the index reads declares, at base and at head, no class,
    endpoint, router, alias, revision or TypeScript type, and keeps its imports and
    module-level names: then no model, route, schema or contract differs between the two
    and those rules have nothing to report. Only the changed files are parsed for this.
    """
    from orchestrator.index.file_facts import parse_file

    kinds = {path: kind for path in changes.status if (kind := indexed_kind(path))}
    base = _base_facts(root, changes)
    for path, kind in kinds.items():
        head = None
        if changes.status[path] != "D":
            try:
                head = parse_file((tree / path).read_bytes(), path, kind)
            except OSError:
                return True
        if not _neutral(base.get(path), head):
            return True
    return False


def _neutral(base: FileFacts | None, head: FileFacts | None) -> bool:
    sides = [facts for facts in (base, head) if facts is not None]
    if any(f.error or f.ts_types or _declares(f) for f in sides):
        return False
    if base is None or head is None or base.python is None or head.python is None:
        return all(f.python is None for f in sides)  # an added or deleted module: not neutral
    return _names(base) == _names(head)


def _declares(facts: FileFacts) -> bool:
    module = facts.python
    if module is None:
        return False
    return bool(
        module.classes or module.handlers or module.routers or module.inclusions
        or module.aliases or module.revision or module.declarative_bases or module.schemes
    )  # fmt: skip


def _names(facts: FileFacts) -> tuple[object, ...]:
    module = facts.python
    assert module is not None
    return (module.imports, module.assigns, module.constants, module.returns)
