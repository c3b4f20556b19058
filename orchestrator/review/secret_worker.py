"""detect-secrets in a process of its own, loading while the review does everything else.

Importing detect-secrets (it imports `requests`) and building its plugins costs a one-file
review about as much as all its other start-up. `SecretScanner.start()` forks a worker
that does that at once, on the other core, while this process reads the config and asks
git; `submit(jobs)` hands it the lines to scan and `hits()` collects what it found, after
the rules that run here. With many lines the worker shares them with forked helpers of
its own, which have detect-secrets loaded already (`orchestrator.review.secret_serve`).

A request and its reply travel through anonymous files (``memfd``) made before the fork,
so neither side ever waits on a full pipe; two pipes carry only their lengths. Whatever
the worker does not deliver (it died, or there is no fork here) is scanned in this
process: the hits are the same either way. `multiprocessing` is not loaded.
"""

from __future__ import annotations

import importlib
import marshal
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from orchestrator.review.worker_files import LENGTH, Hits, memfd, read_length, write_at

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`: the fork comes before `typing` loads
if TYPE_CHECKING:
    from orchestrator.review.secret_scan import ScanJob, SecretHit

# Standard modules both processes load (importlib.metadata alone, ~25 ms, for pydantic's
# plugins here and for requests there): loaded before the fork, they are loaded once.
SHARED_MODULES = (
    "importlib.metadata", "dataclasses", "typing", "subprocess", "json", "hashlib", "tempfile",
)  # fmt: skip


class SecretScanner:
    """One batch of scan jobs, scanned by a forked worker when there is one."""

    def __init__(self, pid: int | None = None, fds: tuple[int, int, int, int] = (-1,) * 4):
        self.pid = pid
        self._request, self._reply, self._go, self._done = fds
        self.jobs: list[ScanJob] | None = None

    @classmethod
    def start(cls) -> SecretScanner:
        """A scanner whose worker starts loading detect-secrets now (Linux); elsewhere, or
        when it cannot fork, one that scans in this process."""
        if sys.platform != "linux":
            return cls()
        for name in SHARED_MODULES:
            importlib.import_module(name)
        fds: list[int] = []
        try:
            fds.append(memfd("request"))
            fds.append(memfd("reply"))
            fds.extend(os.pipe())
            fds.extend(os.pipe())
            pid = os.fork()
        except OSError:
            for fd in fds:
                os.close(fd)
            return cls()
        request, reply, go_read, go_write, done_read, done_write = fds
        if pid == 0:
            # lazy: detect-secrets and the scanning code load in the worker only
            from orchestrator.review.secret_serve import serve

            serve(request, reply, (go_read, go_write), (done_read, done_write))
        os.close(go_read)
        os.close(done_write)
        return cls(pid, (request, reply, go_write, done_read))

    def submit(self, jobs: list[ScanJob]) -> None:
        """Hand `jobs` to the worker; this never waits for it."""
        self.jobs = jobs
        if self.pid is None:
            return
        data = marshal.dumps(jobs)
        try:
            write_at(self._request, data)
            os.write(self._go, LENGTH.pack(len(data)))
        except OSError:
            self.kill()  # it is gone: `hits` scans here

    def hits(self) -> list[list[SecretHit]]:
        """The hits of each submitted job, in order, once the worker has scanned them."""
        jobs = self.jobs or []
        found = self._delivered()
        self.wait()
        # lazy: here detect-secrets loads only when the worker did not scan
        from orchestrator.review.secret_scan import SecretHit, scan_lines, scanning

        if found is None or len(found) != len(jobs):
            with scanning():
                return [scan_lines(*job) for job in jobs]
        return [[SecretHit(*hit) for hit in hits] for hits in found]

    def kill(self) -> None:
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> None:
        """Close this side's files (a worker still waiting for jobs then leaves) and reap
        the worker, once."""
        if self.pid is None:
            return
        for fd in (self._request, self._reply, self._go, self._done):
            os.close(fd)
        os.waitpid(self.pid, 0)
        self.pid = None

    def _delivered(self) -> list[Hits] | None:
        if self.pid is None or self.jobs is None:
            return None
        size = read_length(self._done)
        if size is None:
            return None
        try:
            return marshal.loads(os.pread(self._reply, size, 0))
        except (EOFError, ValueError, TypeError):
            return None


@contextmanager
def started_scanner() -> Iterator[SecretScanner]:
    """A scanner started now, stopped on leaving (if no one collected its hits)."""
    scanner = SecretScanner.start()
    try:
        yield scanner
    finally:
        scanner.kill()
        scanner.wait()
