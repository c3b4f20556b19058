"""`build_index`: walk, reuse what the cache knows, parse the rest, link, remember.

Three paths, cheapest first:

* ready — every file matches the manifest of ``ready.json``: the linked index is decoded
  as it was stored, nothing is parsed or linked;
* incremental — files whose content hash matches ``files.json`` reuse their facts, the
  others are parsed, then everything is linked again and both cache files are rewritten;
* nocache — ``use_cache=False``: every file is parsed and nothing is written.

A large project's cache is written by a forked child while the caller already uses the
index; the next build in this process, and the process's exit, wait for it.
"""

from __future__ import annotations

import atexit
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orchestrator import collector
from orchestrator.index.cache import verified
from orchestrator.index.cache.store import CachedFile, CacheWriter, FilesWriter, IndexCache
from orchestrator.index.errors import NotAProjectError
from orchestrator.index.facts import IndexStats
from orchestrator.index.files.discover import FoundFile, Walk, discover
from orchestrator.index.project_index import ProjectIndex

_WRITERS: list[CacheWriter] = []


def build_index(
    repo_root: Path,
    *,
    use_cache: bool = True,
    facts: dict[str, Any] | None = None,
    background: bool = True,
) -> ProjectIndex:
    """The static index of the repository at ``repo_root``; never imports its code.

    ``facts``, when given, receives each file's `FileFacts` whenever the build collects
    them (it stays empty when a ready cache answers), for a caller that links them again.

    ``background=False`` writes the cache before returning, for a caller with nothing else
    to do meanwhile (``orchestrate index``): a forked writer would only copy the pages of
    the index it touches, while the process waits for it at exit all the same.

    The cyclic garbage collector is paused while the index is built: the build allocates
    millions of objects (AST nodes, facts) and frees its trees by reference counting, so the
    collector's passes over the growing heap find nothing and cost a third of a cold build.
    """
    with collector.paused():
        return _build(repo_root, use_cache=use_cache, facts=facts, background=background)


def wait_for_cache() -> bool:
    """Wait for the cache writes still running; False when one of them failed."""
    ok = True
    while _WRITERS:
        ok = _WRITERS.pop().wait() and ok
    return ok


def _build(
    repo_root: Path, *, use_cache: bool, facts: dict[str, Any] | None, background: bool
) -> ProjectIndex:
    wait_for_cache()
    started = time.perf_counter()
    root = Path(repo_root).resolve()
    if not root.is_dir():
        raise NotAProjectError(
            f"{root}: not a directory, so there is no project to index",
            hint="pass the repository root (the directory holding the code), e.g. --project .",
        )
    cache = IndexCache(root) if use_cache else None
    known = _verified_index(cache, str(root)) if cache is not None else None
    if known is not None:
        known.stats = _stats(known.stats.counts, known.stats.files, [], "ready", started)
        return known
    clock = verified.start_clock(str(root)) if cache is not None else None
    walk = Walk()
    found = discover(str(root), walk)
    if cache is not None:
        ready = _ready_index(cache, found, str(root), (walk, clock))
        if ready is not None:
            ready.stats = _stats(ready.stats.counts, len(found), [], "ready", started)
            return ready
    previous, cache_mtime = cache.load_files() if cache is not None else ({}, 0)
    stored = cache.files_writer(found) if cache is not None else None
    try:
        files, parsed = collect_facts(found, previous, cache_mtime, stored, _load_linker)
        from orchestrator.index.link.linker import link_index  # lazy: loaded meanwhile

        collected = {rel: c.facts for rel, c in files.items()}
        if facts is not None:
            facts.update(collected)
        index = link_index(str(root), collected)
    except BaseException:
        if stored is not None:
            stored.discard()
        raise
    source = "incremental" if cache else "nocache"
    index.stats = _stats(index.counts(), len(found), parsed, source, started)
    if cache is not None and stored is not None:
        _save(cache, files, index, stored, background=background)
    return index


def _load_linker() -> None:
    """The linker's modules (~20 ms), loaded while parsing workers run, if any: a ready
    cache links nothing."""
    import orchestrator.index.link.linker  # noqa: F401  # lazy: see above


def _save(
    cache: IndexCache,
    files: dict[str, CachedFile],
    index: ProjectIndex,
    stored: FilesWriter,
    *,
    background: bool,
) -> None:
    writer = cache.save_in_background(files, index, stored) if background else None
    if writer is None:
        cache.save(files, index, stored)
        return
    atexit.unregister(wait_for_cache)  # registered once, however many builds ran
    atexit.register(wait_for_cache)
    _WRITERS.append(writer)


def _verified_index(cache: IndexCache, root: str) -> ProjectIndex | None:
    """The ready cache when the tree is as `verified` last recorded it: no walk, no hash."""
    build = verified.current_build(root)
    return index_of_build(cache, build) if build is not None else None


def index_of_build(cache: IndexCache, build: str) -> ProjectIndex | None:
    """The ready cache's index while it is still that of `build`, a build the caller has
    just found current (`verified.current_build`): read without a walk or a second check."""
    root = str(cache.repo_root)
    ready = cache.load_ready()
    if ready is None or ready.build != build or ready.root != root:
        return None
    # the stats the cache was written with count the same files: their list is unchanged
    return cache.ready_index(ready, lambda: build_index(Path(root), use_cache=False))


def _ready_index(
    cache: IndexCache, found: dict[str, FoundFile], root: str, seen: tuple[Walk, int | None]
) -> ProjectIndex | None:
    """The ready cache when every file matches its manifest; then the tree is remembered
    as matched (`verified`), so that the next check needs no walk."""
    signature = verified.ready_signature(root)  # before reading: a newer file is another
    ready = cache.load_ready()
    if ready is None or ready.root != root or ready.manifest.keys() != found.keys():
        return None
    for rel, file in found.items():
        if not _unchanged(file, ready.manifest[rel], ready.mtime_ns):
            return None
    walk, clock = seen
    if clock is not None and signature is not None:
        verified.remember(root, ready.build, signature, found, walk, clock)
    # A damaged section is made again from the work tree, without the cache.
    return cache.ready_index(ready, lambda: build_index(Path(root), use_cache=False))


def _unchanged(file: FoundFile, entry: list[Any], cache_mtime: int) -> bool:
    sha, mtime_ns, size = entry
    if file.mtime_ns == mtime_ns and file.size == size and file.mtime_ns < cache_mtime:
        return True
    # Only a file touched since the cache was written is hashed; the module defines the
    # per-file fact classes too (~10 ms), which a ready cache does not need.
    from orchestrator.index.files.file_facts import content_hash, read_file  # lazy: see above

    try:
        return content_hash(read_file(file.path)) == sha
    except OSError:
        return False


def collect_facts(
    found: dict[str, FoundFile],
    previous: dict[str, CachedFile],
    cache_mtime: int,
    stored: FilesWriter | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[dict[str, CachedFile], list[str]]:
    """Reuse what the cache knows (same stat, or same content), parse everything else;
    every file's entry goes to `stored`, when given, as soon as it is known. `meanwhile`
    is other work, done while workers parse (`parse_all`)."""
    from orchestrator.index.files.file_facts import content_hash, read_file  # lazy: as above
    from orchestrator.index.parse_pool import parse_all  # lazy: loads every parser's facts

    files: dict[str, CachedFile] = {}
    jobs: list[tuple[str, str, str]] = []
    for rel, file in found.items():
        known = previous.get(rel)
        if known is not None and _same_stat(file, known, cache_mtime):
            files[rel] = known
            continue
        if known is not None and known.sha:
            try:
                if content_hash(read_file(file.path)) == known.sha:
                    files[rel] = CachedFile(
                        known.sha, file.mtime_ns, file.size, known.facts, known.row
                    )
                    continue
            except OSError:
                pass
        jobs.append((rel, file.path, file.kind))
    if stored is not None:
        stored.add([(rel, c.sha, _row(c)) for rel, c in files.items()])
    for rel, sha, facts, row in parse_all(jobs, stored, meanwhile):
        file = found[rel]
        files[rel] = CachedFile(sha, file.mtime_ns, file.size, facts, row)
    return {rel: files[rel] for rel in found}, [rel for rel, _, _ in jobs]


def _row(cached: CachedFile) -> Any:
    """The facts as the cache stores them: as read from it, else encoded now."""
    if cached.row is not None:
        return cached.row
    from orchestrator.index.cache.codec import encoder  # lazy: as above

    return encoder(type(cached.facts))(cached.facts)


def _same_stat(file: FoundFile, known: CachedFile, cache_mtime: int) -> bool:
    return (
        file.mtime_ns == known.mtime_ns
        and file.size == known.size
        and file.mtime_ns < cache_mtime
        and bool(known.sha)
    )


def _stats(
    counts: dict[str, int], files: int, parsed: list[str], source: str, started: float
) -> IndexStats:
    return IndexStats(
        files=files,
        parsed=parsed,
        cached=files - len(parsed),
        seconds=round(time.perf_counter() - started, 4),
        source=source,
        counts=dict(counts),
    )
