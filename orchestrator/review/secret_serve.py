"""The secrets worker's side (see `orchestrator.review.secret_worker`): it loads
detect-secrets, waits for its one batch of jobs, scans them (with forked helpers of its own
when there are many lines) and answers, then leaves at once: no exit handlers, no flush of
the output it inherited.
"""

from __future__ import annotations

import marshal
import os
from typing import NoReturn

from orchestrator.review.secret_scan import (
    ScanJob,
    SecretHit,
    job_size,
    load_plugins,
    scan_lines,
    scanning,
)
from orchestrator.review.worker_files import LENGTH, Hits, memfd, read_length, write_at

PARALLEL_LINES = 200  # lines from which helpers scan too (a fork costs about a millisecond)
MAX_PROCESSES = 8


def serve(request: int, reply: int, go: tuple[int, int], done: tuple[int, int]) -> NoReturn:
    """Load, wait, scan, answer, leave. The parent closing its end of `go` without a
    length means there is nothing to scan."""
    code = 1
    try:
        os.close(go[1])
        os.close(done[0])
        with scanning():
            load_plugins()
            size = read_length(go[0])
            if size is not None:
                jobs = marshal.loads(os.pread(request, size, 0))
                data = marshal.dumps(_scan_shared(jobs))
                write_at(reply, data)
                os.write(done[1], LENGTH.pack(len(data)))
                code = 0
    finally:
        os._exit(code)


def _scan_shared(jobs: list[ScanJob]) -> list[Hits]:
    """Each job's hits, the jobs shared with forked helpers when there are enough lines."""
    cores = len(os.sched_getaffinity(0))
    count = min(cores, MAX_PROCESSES) if sum(map(job_size, jobs)) >= PARALLEL_LINES else 1
    shares = _balanced(jobs, count)
    helpers = [_Helper(jobs, share) for share in shares[1:]]
    found: dict[int, Hits] = dict(_scanned(jobs, shares[0]))
    for helper, share in zip(helpers, shares[1:], strict=True):
        delivered = helper.finish()
        found.update(delivered if delivered is not None else _scanned(jobs, share))
    return [found[i] for i in range(len(jobs))]


def _balanced(jobs: list[ScanJob], count: int) -> list[list[int]]:
    """The jobs' indexes cut into `count` shares of about as many lines, largest first."""
    shares: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for i in sorted(range(len(jobs)), key=lambda i: -job_size(jobs[i])):
        lightest = loads.index(min(loads))
        shares[lightest].append(i)
        loads[lightest] += job_size(jobs[i])
    return [share for share in shares if share] or [[]]


def _scanned(jobs: list[ScanJob], share: list[int]) -> list[tuple[int, Hits]]:
    return [(i, [_plain(hit) for hit in scan_lines(*jobs[i])]) for i in share]


def _plain(hit: SecretHit) -> tuple[int, str, str, bool]:
    return (hit.line, hit.kind, hit.secret_hash, hit.allowlisted)


class _Helper:
    """A forked copy of the worker scanning one share into an anonymous file of its own."""

    def __init__(self, jobs: list[ScanJob], share: list[int]) -> None:
        self.output = memfd("hits")
        self.pid = os.fork()
        if self.pid == 0:
            code = 1
            try:
                write_at(self.output, marshal.dumps(_scanned(jobs, share)))
                code = 0
            finally:
                os._exit(code)

    def finish(self) -> list[tuple[int, Hits]] | None:
        """Its share's hits, or None when it failed."""
        _, status = os.waitpid(self.pid, 0)
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            return marshal.loads(os.pread(self.output, os.fstat(self.output).st_size, 0))
        except (EOFError, ValueError, TypeError):
            return None
        finally:
            os.close(self.output)
