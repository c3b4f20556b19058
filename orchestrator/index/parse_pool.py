"""Parsing many files at once: in worker processes when there are enough of them.

A cold index of a large project spends most of its time in ``ast.parse`` and in walking
the trees, both bound to one core. With at least `MIN_CORES` cores (twice as many where
workers are spawned rather than forked) and `PARALLEL_THRESHOLD` files to parse, the files
are cut into interleaved chunks (each a mix of small and large files) that a pool of
worker processes (one less than the cores, at most `MAX_WORKERS` in all) takes from the
front while this process takes them from the back, so that both finish together however
busy the machine is. A worker returns its facts encoded as cache rows and marshalled,
cheap to send, which this process decodes as they come.

Given the `FilesWriter` of the cache, every file's entry goes to it as soon as its chunk
is parsed (a worker's already as JSON text, made while this process parses): no process
holds the rows of all files. Without one, a worker's files come with their cache row.
Results are the same either way, in path order.
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import TYPE_CHECKING, Any

from orchestrator.index.cache.codec import decoder, encoder
from orchestrator.index.cache.store import entries_text
from orchestrator.index.files.file_facts import (
    FileFacts,
    content_hash,
    parse_file,
    read_file,
    unreadable,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

    from orchestrator.index.cache.store import FilesWriter

PARALLEL_THRESHOLD = 300
MIN_CORES = 2
MAX_WORKERS = 8
CHUNK_FILES = 64  # files per chunk: small enough to share the work evenly

Job = tuple[str, str, str]  # repo-relative path, absolute path, kind
Parsed = tuple[str, str, Any, Any]  # path, content hash ("" if unreadable), facts, row or None
Stat = tuple[int, int]  # modification time (ns) and size, as the cache stores them


def parse_all(jobs: list[Job], stored: FilesWriter | None = None) -> list[Parsed]:
    workers = min(
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
        MAX_WORKERS,
    )
    method = "fork" if sys.platform == "linux" else "spawn"
    # A spawned worker imports everything again: worth it from twice as many cores.
    needed = MIN_CORES if method == "fork" else MIN_CORES * 2
    if len(jobs) < PARALLEL_THRESHOLD or workers < needed:
        return _parsed_here(jobs, stored)
    import multiprocessing  # lazy: ~6 ms, for a large project only
    from concurrent.futures import ProcessPoolExecutor  # lazy: ~4 ms, likewise

    count = max(len(jobs) // CHUNK_FILES, workers * 4)
    chunks = [jobs[i::count] for i in range(count)]
    if stored is not None:
        stored.flush()  # a forked worker must not inherit what is buffered
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=max(workers - 1, 1), mp_context=context) as pool:
        futures = [pool.submit(encoded_chunk, c, _stats(c, stored)) for c in chunks]
        results = _shared(chunks, futures, stored)
    order = {rel: i for i, (rel, _, _) in enumerate(jobs)}
    results.sort(key=lambda parsed: order[parsed[0]])
    return results


def _shared(
    chunks: list[list[Job]], futures: list[Future], stored: FilesWriter | None
) -> list[Parsed]:
    """This process parses chunks from the back, those no worker has started, and decodes
    the workers' chunks as they finish; then it waits for the last of them."""
    results: list[Parsed] = []
    front = 0
    for back in range(len(chunks) - 1, -1, -1):
        if not futures[back].cancel():
            break  # the workers have reached this chunk: the rest is theirs
        results += _parsed_here(chunks[back], stored)
        while front < back and futures[front].done():
            results += _decoded(futures[front].result(), stored)
            front += 1
    for future in futures[front:]:
        if not future.cancelled():
            results += _decoded(future.result(), stored)
    return results


def encoded_chunk(jobs: list[Job], stats: list[Stat] | None = None) -> tuple[bytes, str]:
    """What a worker sends back: the facts as cache rows, marshalled (faster than pickle),
    and given the files' `stats`, their cache entries as text."""
    encode = encoder(FileFacts)
    rows = [(rel, sha, encode(facts)) for rel, sha, facts in _parse(jobs)]
    text = "" if stats is None else entries_text(rows, stats)
    return marshal.dumps(rows), text


def _decoded(sent: tuple[bytes, str], stored: FilesWriter | None) -> list[Parsed]:
    blob, text = sent
    decode = decoder(FileFacts)
    if stored is None:
        return [(rel, sha, decode(row), row) for rel, sha, row in marshal.loads(blob)]
    stored.add_text(text)
    return [(rel, sha, decode(row), None) for rel, sha, row in marshal.loads(blob)]


def _parsed_here(jobs: list[Job], stored: FilesWriter | None) -> list[Parsed]:
    """Parse `jobs` in this process, `CHUNK_FILES` at a time, each chunk's entries added
    to `stored` (if any) as soon as it is parsed."""
    results: list[Parsed] = []
    for start in range(0, len(jobs), CHUNK_FILES):
        parsed = _parse(jobs[start : start + CHUNK_FILES])
        if stored is not None:
            encode = encoder(FileFacts)
            stored.add([(rel, sha, encode(facts)) for rel, sha, facts in parsed])
        results += [(rel, sha, facts, None) for rel, sha, facts in parsed]
    return results


def _stats(jobs: list[Job], stored: FilesWriter | None) -> list[Stat] | None:
    return None if stored is None else stored.stats([rel for rel, _, _ in jobs])


def _parse(jobs: list[Job]) -> list[tuple[str, str, Any]]:
    parsed = []
    for rel, path, kind in jobs:
        try:
            data = read_file(path)
        except OSError as exc:
            parsed.append((rel, "", unreadable(kind, exc)))
            continue
        parsed.append((rel, content_hash(data), parse_file(data, rel, kind)))
    return parsed
