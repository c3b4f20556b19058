"""The static index at a change's base, built from head's files and the changed files' base.

Files the change does not touch are the same at base and at head, so their facts come
from head's index cache (or are parsed once when there is none); only the changed files
are read back from git at base (one `git cat-file --batch`) and parsed. Nothing is
exported and the cost grows with the change, not with the repository.

The index so linked is a function of what it was built from: the content of every file
the change leaves alone (its git blob id, or a hash of its bytes when git does not track
it) and the base blob of every changed one. That, with the cache's format, is its key in
``.stackcrew-cache/index/base/``: the next review against the same base and work tree (a
rework round, a CI re-run) reads it back instead of decoding every file's facts and
linking them again.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.git_repo import git_bytes, read_blobs
from orchestrator.review.diff import Changes

if TYPE_CHECKING:
    from orchestrator.index.files.file_facts import FileFacts
    from orchestrator.index.project_index import ProjectIndex


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
    from orchestrator.index.cache.store import IndexCache  # lazy: keeps importing this module light

    at = tree.resolve()
    if not use_cache:
        return _linked_base(at, root, changes, head_facts, use_cache=False)
    cache = IndexCache.linked(at, base_key(at, changes))
    rebuild = partial(_linked_base, at, root, changes, head_facts, use_cache=True)
    found = cache.load_linked(rebuild)
    if found is not None:
        return found
    index = rebuild()
    cache.save_linked(index)
    return index


def _linked_base(
    at: Path, root: Path, changes: Changes, head_facts: dict[str, FileFacts], *, use_cache: bool
) -> ProjectIndex:
    from orchestrator.index.link.linker import link_index  # lazy: keeps importing this module light

    changed = set(changes.status)
    if head_facts:
        facts = {rel: f for rel, f in head_facts.items() if rel not in changed}
    else:
        facts = _unchanged_facts(at, changed, use_cache=use_cache)
    facts.update(base_facts(root, changes))
    return link_index(str(at), dict(sorted(facts.items())))


def base_key(tree: Path, changes: Changes) -> str:
    """What the base index of `changes` in the clean work tree `tree` is a function of, hashed:
    the cache's format, each unchanged indexed file's content, each changed file's base side."""
    import hashlib  # lazy: keeps importing this module light

    from orchestrator.index.cache.store import cache_format
    from orchestrator.index.files.discover import discover
    from orchestrator.index.files.file_facts import content_hash, read_file

    tracked = _tracked_blobs(tree)
    digest = hashlib.blake2b(cache_format().encode(), digest_size=16)
    for rel, file in discover(str(tree)).items():
        if rel in changes.status:
            continue
        try:
            content = tracked.get(rel) or content_hash(read_file(file.path))
        except OSError:
            content = "unreadable"
        digest.update(f"\0{rel}\0{content}".encode("utf-8", "surrogateescape"))
    for path in sorted(changes.status):
        if indexed_kind(path):
            (mode, blob), _ = changes.blobs.get(path, (("", ""), ("", "")))
            digest.update(f"\0base:{path}\0{mode}:{blob}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _tracked_blobs(tree: Path) -> dict[str, str]:
    """Path -> blob id of every regular file git tracks in `tree` (which matches its index:
    the review reads the work tree only when it is clean). A symbolic link is left out: its
    blob is the link, not the content the index reads through it."""
    entries = git_bytes(tree, "ls-files", "-s", "-z").split(b"\0")
    blobs: dict[str, str] = {}
    for entry in entries:
        meta, _, path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) == 3 and fields[0].startswith(b"100"):
            blobs[path.decode("utf-8", "surrogateescape")] = fields[1].decode()
    return blobs


def _unchanged_facts(tree: Path, changed: set[str], *, use_cache: bool) -> dict[str, FileFacts]:
    # lazy: keeps importing this module light
    from orchestrator.index.build import collect_facts, wait_for_cache
    from orchestrator.index.cache.store import IndexCache
    from orchestrator.index.files.discover import discover

    wait_for_cache()  # head's index may still be writing the cache this reads
    found = {rel: f for rel, f in discover(str(tree)).items() if rel not in changed}
    previous, cache_mtime = IndexCache(tree).load_files() if use_cache else ({}, 0)
    files, _ = collect_facts(found, previous, cache_mtime)
    return {rel: cached.facts for rel, cached in files.items()}


def base_facts(root: Path, changes: Changes) -> dict[str, FileFacts]:
    # lazy: keeps importing this module light
    from orchestrator.index.files.file_facts import parse_file

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
    # lazy: keeps importing this module light
    from orchestrator.index.files.discover import SKIP_DIRS, file_kind

    *folders, name = path.split("/")
    return None if SKIP_DIRS.intersection(folders) else file_kind(name)
