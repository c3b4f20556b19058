"""``files.json``'s entries written by a parsing worker once every file is parsed.

Each file's entry is JSON text, ~60 ms for the 3,200 files of a generated project of
10,000 routes. Made while parsing, as each chunk is parsed, it lengthened the parsing
that both processes share; once parsing is done, this process links the index alone
and the worker's core is idle. So with a cache and workers, every process keeps its
files' cache rows as marshalled frames (a quarter of the cost) in an anonymous file of
its own, and the first worker, the scribe, waits when it has parsed its share: once this
process has every frame it tells the scribe how much of each file is whole (`start`),
and the scribe adds their entries to ``files.json``'s temporary file, whose descriptor
(and offset) it shares with this process, which meanwhile writes nothing to it.

`settle`, before ``files.json`` is put in place, reaps the scribe; a scribe that failed
or died leaves this process to write the entries itself, from the same frames, after
dropping whatever it wrote. `abandon` stops it when the build fails.
"""

from __future__ import annotations

import marshal
import os
import signal
import struct
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orchestrator.index.cache.store import FilesWriter

Rows = list[tuple[str, str, Any]]  # repo-relative path, content hash, cache row
_SIZE = struct.Struct("<Q")  # a frame's length, before its marshalled rows


def frame(rows: Rows) -> bytes:
    blob = marshal.dumps(rows)
    return _SIZE.pack(len(blob)) + blob


def frames_in(data: bytes) -> Iterator[Rows]:
    """The rows of each whole frame in `data`, in order."""
    at = 0
    while at < len(data):
        (size,) = _SIZE.unpack_from(data, at)
        at += _SIZE.size
        yield marshal.loads(data[at : at + size])
        at += size


def memfd() -> int:
    return os.memfd_create("stackcrew-rows", os.MFD_CLOEXEC)


class Scribe:
    """The scribe as both processes see it: the anonymous files of frames (`sources`,
    this process's first, then each worker's) and a pipe on which this process says how
    much of each to read. Made before the scribe is forked, so that it inherits them."""

    def __init__(self, sources: list[int], stored: FilesWriter) -> None:
        self.sources = sources
        self.pid: int | None = None
        self.lengths: list[int] = []
        self._mark = stored.mark()  # where the entries start: `settle` may rewind to it
        self._told, self._tell = os.pipe()
        self._open = [*sources, self._told, self._tell]  # closed once each
        self._own_length = 0

    def keep(self, rows: Rows) -> None:
        """This process's parsed `rows`, kept in its own anonymous file."""
        data = frame(rows)
        write_all(self.sources[0], data)
        self._own_length += len(data)

    def serve(self, stored: FilesWriter) -> int:
        """In the forked scribe, its own parsing done: wait to be told, write, exit code."""
        self._close(self._tell)
        told = _read_to_end(self._told)
        if len(told) != _SIZE.size * len(self.sources):
            return 1  # this process stopped without telling: nothing to write
        self.lengths = [n for (n,) in _SIZE.iter_unpack(told)]
        self._write(stored)
        stored.flush()
        return 0

    def whole(self, decoded: list[int], workers: int) -> None:
        """How much of each worker's file is whole frames (none for a worker not forked)."""
        self.lengths = [self._own_length, *decoded, *[0] * (workers - len(decoded))]

    def start(self) -> None:
        """Every file parsed (the last ones perhaps here, after `whole`): let it write."""
        self.lengths[0] = self._own_length
        self._close(self._told)
        try:
            write_all(self._tell, b"".join(_SIZE.pack(n) for n in self.lengths))
        except BrokenPipeError:  # the scribe died: `settle` writes the entries here
            pass
        self._close(self._tell)

    def settle(self, stored: FilesWriter) -> None:
        """Every entry in `stored`: the scribe's, or, if it failed, this process's."""
        ok = self._reaped()
        try:
            if not ok:
                stored.rewind(self._mark)
                self._write(stored)
        finally:
            self._close(*self._open)

    def abandon(self) -> None:
        """The build failed: stop the scribe, whatever it is doing, and reap it."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self._reaped()
        self._close(*self._open)

    def _write(self, stored: FilesWriter) -> None:
        for source, length in zip(self.sources, self.lengths, strict=True):
            at = 0
            while at < length:  # a frame at a time: the scribe holds little at once
                (size,) = _SIZE.unpack(os.pread(source, _SIZE.size, at))
                stored.add(marshal.loads(os.pread(source, size, at + _SIZE.size)))
                at += _SIZE.size + size

    def _reaped(self) -> bool:
        pid, self.pid = self.pid, None
        if pid is None:
            return False
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0

    def _close(self, *fds: int) -> None:
        for fd in fds:
            if fd in self._open:
                self._open.remove(fd)
                os.close(fd)


def _read_to_end(fd: int) -> bytes:
    parts = []
    while part := os.read(fd, 4096):
        parts.append(part)
    return b"".join(parts)


def write_all(fd: int, data: bytes) -> int:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    return len(data)
