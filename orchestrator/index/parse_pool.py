"""Parsing many files at once: in worker processes when there are enough of them.

A cold index of a large project spends most of its time in ``ast.parse`` and in walking
the trees, both bound to one core. With at least `MIN_CORES` cores (twice as many where
workers are spawned rather than forked) and `PARALLEL_THRESHOLD` files to parse, this
process parses its share of the files while a pool of worker processes (one less than
the cores, at most `MAX_WORKERS` in all) parses the rest in chunks. Each worker returns
its facts encoded as cache rows and marshalled, cheap to send, which the parent decodes
for linking, as they come, and writes to the cache as they are. Results are the same
either way, in path order; a worker's files come with their cache row.
"""

from __future__ import annotations

import marshal
import os
import sys
from typing import Any

from orchestrator.index.cache.codec import decoder, encoder
from orchestrator.index.files.file_facts import (
    FileFacts,
    content_hash,
    parse_file,
    read_file,
    unreadable,
)

PARALLEL_THRESHOLD = 300
MIN_CORES = 2
MAX_WORKERS = 8

Job = tuple[str, str, str]  # repo-relative path, absolute path, kind
Parsed = tuple[str, str, Any, Any]  # path, content hash ("" if unreadable), facts, row or None


def parse_all(jobs: list[Job]) -> list[Parsed]:
    workers = min(
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
        MAX_WORKERS,
    )
    method = "fork" if sys.platform == "linux" else "spawn"
    # A spawned worker imports everything again: worth it from twice as many cores.
    needed = MIN_CORES if method == "fork" else MIN_CORES * 2
    if len(jobs) < PARALLEL_THRESHOLD or workers < needed:
        return [(rel, sha, facts, None) for rel, sha, facts in _parse(jobs)]
    import multiprocessing  # lazy: ~6 ms, for a large project only
    from concurrent.futures import ProcessPoolExecutor  # lazy: ~4 ms, likewise

    # Interleaved slices, so each holds a mix of files; this process parses its fair share
    # and decodes the workers' chunks as they come, while the workers still parse.
    slices = max(workers * 4, 8)
    share = max(slices // workers, 1)
    own = [job for i in range(share) for job in jobs[i::slices]]
    chunks = [jobs[i::slices] for i in range(share, slices)]
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=max(workers - 1, 1), mp_context=context) as pool:
        pending = pool.map(encoded_chunk, chunks)
        results: list[Parsed] = [(rel, sha, facts, None) for rel, sha, facts in _parse(own)]
        decode = decoder(FileFacts)
        for blob in pending:
            results += [(rel, sha, decode(row), row) for rel, sha, row in marshal.loads(blob)]
    order = {rel: i for i, (rel, _, _) in enumerate(jobs)}
    results.sort(key=lambda parsed: order[parsed[0]])
    return results


def encoded_chunk(jobs: list[Job]) -> bytes:
    """What a worker sends back: the facts as cache rows, marshalled (faster than pickle)."""
    encode = encoder(FileFacts)
    return marshal.dumps([(rel, sha, encode(facts)) for rel, sha, facts in _parse(jobs)])


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
