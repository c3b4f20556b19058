"""Parsing many files at once: in forked worker processes when there are enough of them.

A cold index of a large project spends most of its time in ``ast.parse`` and in walking
the trees, both bound to one core. On Linux, with at least `MIN_CORES` cores and
`PARALLEL_THRESHOLD` files to parse, the files are mixed (every stretch of them holds files
from all over the project, small and large) and cut into chunks that shrink as they go,
and this process forks one worker per other core (at most `MAX_WORKERS` processes in
all). Every process takes the next chunk from a shared queue (a pipe holding the chunks'
numbers) until none is left: the small last chunks let all finish together however busy
the machine is. A worker appends its facts, a frame every `CHUNK_FILES` files, encoded as
cache rows and marshalled, to an anonymous file of its own (``memfd_create``), which this
process decodes between its own chunks; a worker never waits for this process,
`multiprocessing` is not loaded, and whatever a worker did not deliver (it died) is parsed
here.

Given the `FilesWriter` of the cache, this process keeps its own files' rows as frames too,
and the first worker, once every file is parsed, turns all frames into ``files.json``
entries while this process links (`orchestrator.index.scribe`): no process holds the
rows of all files, and the JSON text is no longer made on the way. Without a cache, a
worker's files come with their cache row. Results are the same either way, in path order.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, NoReturn

from orchestrator.index.cache.codec import decoder, encoder
from orchestrator.index.files.file_facts import (
    FileFacts,
    content_hash,
    load_parsers,
    parse_file,
    read_file,
    unreadable,
)
from orchestrator.index.scribe import Rows, Scribe, frame, frames_in, memfd, write_all

if TYPE_CHECKING:
    from orchestrator.index.cache.store import FilesWriter

PARALLEL_THRESHOLD = 300
MIN_CORES = 2
MAX_WORKERS = 8
CHUNK_FILES = 64  # files parsed between two additions to the cache (here) or frames
LAST_CHUNK_FILES = 8  # the smallest chunk, which the last ones are: an even finish
MIXED_STRIDE = 64  # a file of every 64 in a row: each stretch is a mix of the project
_NUMBER = struct.Struct("<H")  # a chunk's number in the queue
_LENGTH = struct.Struct("<Q")  # how much of a worker's output is whole frames

Job = tuple[str, str, str]  # repo-relative path, absolute path, kind
Parsed = tuple[str, str, Any, Any]  # path, content hash ("" if unreadable), facts, row or None


def parse_all(
    jobs: list[Job],
    stored: FilesWriter | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[Parsed]:
    """Every job parsed, in the order of `jobs`. `meanwhile`, if given, is other work of
    this process, done once workers are parsing (then it parses less), else first."""
    workers = min(len(os.sched_getaffinity(0)) if sys.platform == "linux" else 1, MAX_WORKERS)
    if len(jobs) < PARALLEL_THRESHOLD or workers < MIN_CORES:
        if meanwhile is not None:
            meanwhile()
        return _parsed_here(jobs, _keeper(stored, None))
    chunks = _chunks(jobs, workers)
    load_parsers({kind for _, _, kind in jobs})
    results, scribe = _shared(chunks, workers - 1, stored, meanwhile)
    done = {parsed[0] for parsed in results}
    results += _parsed_here([job for job in jobs if job[0] not in done], _keeper(stored, scribe))
    if scribe is not None:
        scribe.start()
    order = {rel: i for i, (rel, _, _) in enumerate(jobs)}
    results.sort(key=lambda parsed: order[parsed[0]])
    return results


def _chunks(jobs: list[Job], processes: int) -> list[list[Job]]:
    """The jobs mixed, then cut in chunks of a share of what is left (one in twice as
    many as there are processes), down to `LAST_CHUNK_FILES`."""
    mixed = [job for start in range(MIXED_STRIDE) for job in jobs[start::MIXED_STRIDE]]
    chunks = []
    start = 0
    while start < len(mixed):
        size = max((len(mixed) - start) // (2 * processes), LAST_CHUNK_FILES)
        chunks.append(mixed[start : start + size])
        start += size
    return chunks


def _shared(
    chunks: list[list[Job]],
    workers: int,
    stored: FilesWriter | None,
    meanwhile: Callable[[], object] | None,
) -> tuple[list[Parsed], Scribe | None]:
    """Each of `workers` forked processes starts with a chunk of its own (so each has work
    however fast this one is), then every process takes chunks from the queue; between
    two of its own, this one decodes what the workers have finished. With a cache, the
    first worker stays on as the scribe (`orchestrator.index.scribe`), handed to `stored`."""
    queue = _queue(range(workers, len(chunks)))
    with ExitStack() as cleanup:
        cleanup.callback(os.close, queue)
        if stored is not None:
            stored.flush()  # a forked worker must not inherit what is buffered
        outputs = _outputs(workers)
        scribe = Scribe([memfd(), *outputs], stored) if stored and outputs else None
        if scribe is None:
            for output in outputs:
                cleanup.callback(os.close, output)
        else:
            stored.defer(scribe)  # from now on a failed build stops the scribe too
        forked: list[_Worker] = []
        for first, output in enumerate(outputs):
            try:
                forked.append(_Worker(chunks, first, queue, output, stored, scribe, cleanup))
            except OSError:  # no fork here: the chunks left are parsed here
                break
        if meanwhile is not None:
            meanwhile()
        keep = _keeper(stored, scribe)
        results: list[Parsed] = []
        while (number := _claim(queue)) is not None:
            results += _parsed_here(chunks[number], keep)
            for worker in forked:
                results += worker.delivered(stored)
        for worker in forked:
            results += worker.finish(stored)
        if scribe is not None:
            scribe.whole([worker.decoded for worker in forked], len(outputs))
        return results, scribe


def _keeper(stored: FilesWriter | None, scribe: Scribe | None) -> Callable[[Rows], object] | None:
    """Where this process's cache rows go: the scribe's frames, else the cache, else nowhere."""
    if scribe is not None:
        return scribe.keep
    return None if stored is None else stored.add


def _outputs(workers: int) -> list[int]:
    """An anonymous file for each worker's frames; none where there is no ``memfd``."""
    outputs: list[int] = []
    try:
        for _ in range(workers):
            outputs.append(memfd())
    except OSError:
        for output in outputs:
            os.close(output)
        return []
    return outputs


def _queue(numbers: range) -> int:
    """A pipe holding `numbers`, read without blocking: empty means all are taken."""
    read, write = os.pipe()
    os.write(write, b"".join(_NUMBER.pack(n) for n in numbers))
    os.close(write)
    os.set_blocking(read, False)
    return read


def _claim(queue: int) -> int | None:
    """The next chunk's number; a read of two bytes from a pipe is never split."""
    try:
        data = os.read(queue, _NUMBER.size)
    except BlockingIOError:
        return None
    return _NUMBER.unpack(data)[0] if data else None


class _Worker:
    """A forked worker: it appends a frame per chunk to its anonymous file (``memfd``)
    and, once a frame is whole, the file's new length to a pipe, so frames are decoded here
    while it goes on, and a frame it did not finish (it died) is never read. Its end of
    the pipe closes when it has parsed its share, though the scribe stays on."""

    def __init__(
        self,
        chunks: list[list[Job]],
        first: int,
        queue: int,
        output: int,
        stored: FilesWriter | None,
        scribe: Scribe | None,
        cleanup: ExitStack,
    ) -> None:
        self.output = output
        self.lengths, lengths_end = os.pipe()
        cleanup.callback(os.close, self.lengths)
        serving = scribe if first == 0 else None
        self.pid = os.fork()
        if self.pid == 0:
            _work(chunks, first, queue, output, lengths_end, stored, serving)
        os.close(lengths_end)
        os.set_blocking(self.lengths, False)
        self.decoded = 0
        if serving is not None:
            serving.pid = self.pid  # reaped by `Scribe.settle`, not here
            self.pid = 0

    def delivered(self, stored: FilesWriter | None) -> list[Parsed]:
        """The files of the frames finished since the last call."""
        length = self.decoded
        try:  # lengths are written 8 bytes at a time and read in multiples of 8
            while data := os.read(self.lengths, 4096):
                length = _LENGTH.unpack_from(data, len(data) - _LENGTH.size)[0]
        except BlockingIOError:
            pass
        if length == self.decoded:
            return []
        frames = os.pread(self.output, length - self.decoded, self.decoded)
        self.decoded = length
        return _decoded(frames, stored)

    def finish(self, stored: FilesWriter | None) -> list[Parsed]:
        """Every frame, once the worker's end of the pipe is closed."""
        os.set_blocking(self.lengths, True)
        delivered = self.delivered(stored)
        if self.pid:
            os.waitpid(self.pid, 0)
        return delivered


def _work(
    chunks: list[list[Job]],
    first: int,
    queue: int,
    output: int,
    lengths: int,
    stored: FilesWriter | None,
    scribe: Scribe | None,
) -> NoReturn:
    """The forked child: parse, write, then serve as the scribe if it is one, and leave
    at once (no atexit, no buffered output). A frame holds at most `CHUNK_FILES` files:
    what the worker holds at once is small."""
    code, length = 1, 0
    try:
        number: int | None = first
        while number is not None:
            chunk = chunks[number]
            for start in range(0, len(chunk), CHUNK_FILES):
                length += write_all(output, _frame(chunk[start : start + CHUNK_FILES]))
                write_all(lengths, _LENGTH.pack(length))
            number = _claim(queue)
        os.close(lengths)  # all parsed: this process reads the last frames
        code = 0 if scribe is None or stored is None else scribe.serve(stored)
    finally:
        os._exit(code)


def _frame(jobs: list[Job]) -> bytes:
    """`jobs` parsed, their cache rows framed."""
    encode = encoder(FileFacts)
    return frame([(rel, sha, encode(facts)) for rel, sha, facts in _parse(jobs)])


def _decoded(frames: bytes, stored: FilesWriter | None) -> list[Parsed]:
    decode = decoder(FileFacts)
    keep = stored is None  # no cache to write: the caller may want the rows
    return [
        (rel, sha, decode(row), row if keep else None)
        for rows in frames_in(frames)
        for rel, sha, row in rows
    ]


def _parsed_here(jobs: list[Job], keep: Callable[[Rows], object] | None) -> list[Parsed]:
    """Parse `jobs` in this process, `CHUNK_FILES` at a time, each chunk's cache rows
    given to `keep` (if any) as soon as it is parsed."""
    results: list[Parsed] = []
    for start in range(0, len(jobs), CHUNK_FILES):
        parsed = _parse(jobs[start : start + CHUNK_FILES])
        if keep is not None:
            encode = encoder(FileFacts)
            keep([(rel, sha, encode(facts)) for rel, sha, facts in parsed])
        results += [(rel, sha, facts, None) for rel, sha, facts in parsed]
    return results


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
