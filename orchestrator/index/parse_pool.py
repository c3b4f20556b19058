"""Parsing many files at once: in worker processes when there are enough of them.

A cold index of a large project spends most of its time in ``ast.parse`` and in walking
the trees, both bound to one core. With at least `MIN_CORES` cores and `PARALLEL_THRESHOLD`
files to parse, the files are split into chunks parsed by a pool of processes (at most
`MAX_WORKERS`); each worker returns its facts encoded as cache rows, which the parent
decodes for linking and writes to the cache as they are. Otherwise parsing stays in this
process: with two cores, shipping the facts back costs about what the second core saves.
Results are the same either way, in path order.
"""

from __future__ import annotations

import os
import sys
from typing import Any

PARALLEL_THRESHOLD = 300
MIN_CORES = 4
MAX_WORKERS = 8

Job = tuple[str, str, str]  # repo-relative path, absolute path, kind
Parsed = tuple[str, str, Any, Any]  # path, content hash ("" if unreadable), facts, row or None


def parse_all(jobs: list[Job]) -> list[Parsed]:
    workers = min(
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
        MAX_WORKERS,
    )
    if len(jobs) < PARALLEL_THRESHOLD or workers < MIN_CORES:
        return [(rel, sha, facts, None) for rel, sha, facts in _parse(jobs)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform == "linux" else "spawn"
    chunks = [jobs[i :: workers * 4] for i in range(workers * 4)]
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = [row for chunk in pool.map(encoded_chunk, chunks) for row in chunk]
    from orchestrator.index.codec import decoder
    from orchestrator.index.file_facts import FileFacts

    decode = decoder(FileFacts)
    order = {rel: i for i, (rel, _, _) in enumerate(jobs)}
    results.sort(key=lambda parsed: order[parsed[0]])
    return [(rel, sha, decode(row), row) for rel, sha, row in results]


def encoded_chunk(jobs: list[Job]) -> list[tuple[str, str, Any]]:
    """What a worker sends back: the facts as cache rows, cheap to pickle."""
    from orchestrator.index.codec import encoder
    from orchestrator.index.file_facts import FileFacts

    encode = encoder(FileFacts)
    return [(rel, sha, encode(facts)) for rel, sha, facts in _parse(jobs)]


def _parse(jobs: list[Job]) -> list[tuple[str, str, Any]]:
    from orchestrator.index.file_facts import content_hash, parse_file, read_file, unreadable

    parsed = []
    for rel, path, kind in jobs:
        try:
            data = read_file(path)
        except OSError as exc:
            parsed.append((rel, "", unreadable(kind, exc)))
            continue
        parsed.append((rel, content_hash(data), parse_file(data, rel, kind)))
    return parsed
