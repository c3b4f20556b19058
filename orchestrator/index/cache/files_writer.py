"""``files.json`` as the build goes on: every file's entry added once its facts are known,
so no process holds every file's row at once; and the compact JSON the cache is written in.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orchestrator.index.cache.format import cache_format


def _compact_json() -> Callable[[Any], str]:
    """Compact JSON, text as it is; the data are trees, so no check for cycles. The C
    encoder `JSONEncoder.encode` would make for every call is made once (a section's
    rows are encoded one by one: ~1 µs each)."""
    encoder = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False)
    make = json.encoder.c_make_encoder
    if make is None:  # an interpreter without the C accelerator
        return encoder.encode
    encode = make(None, encoder.default, json.encoder.encode_basestring, None, ":", ",",
                  False, False, True)  # fmt: skip
    return lambda value: "".join(encode(value, 0))


dumps = _compact_json()


class FilesWriter:
    """``files.json`` written while the build goes on: each file's entry ``[sha, mtime,
    size, row]`` is added once its facts are known, by this process or by a parsing
    worker (`defer`), so no process holds every file's row at once.
    `IndexCache.save` puts it in place; a build that fails discards it."""

    def __init__(self, path: Path, found: dict[str, Any]) -> None:
        from project_state.atomic import AtomicFile  # lazy: for writes only

        self.found = found
        self._file = AtomicFile(path, durable=False)
        self._file.write(f'{{"format":"{cache_format()}","files":{{'.encode())
        self._empty = True
        self._scribe: Any = None  # scribe.Scribe, when a worker adds the entries left
        self._failed: OSError | None = None  # of `settle`, raised by `commit`

    def add(self, rows: list[tuple[str, str, Any]]) -> None:
        """The entries of ``(path, sha, row)``: files parsed or reused."""
        if not rows:
            return
        found = self.found
        entries = {p: [sha, found[p].mtime_ns, found[p].size, row] for p, sha, row in rows}
        if not self._empty:
            self._file.write(b",")
        self._file.write(dumps(entries)[1:-1].encode())
        self._empty = False

    def flush(self) -> None:
        self._file.flush()

    def mark(self) -> tuple[int, bool]:
        """Where entries are added now, for `rewind`."""
        return self._file.tell(), self._empty

    def rewind(self, mark: tuple[int, bool]) -> None:
        """Drop the entries added since `mark` (by a scribe that failed)."""
        size, self._empty = mark
        self._file.truncate(size)

    def defer(self, scribe: Any) -> None:
        """The entries still to come are added by `scribe` (`orchestrator.index.scribe`),
        while this process writes nothing here until `settle`."""
        self._scribe = scribe

    def settle(self) -> None:
        """Every entry added: the scribe's work waited for, or done here if it failed
        (an error doing so is `commit`'s, where the caller expects one)."""
        scribe, self._scribe = self._scribe, None
        if scribe is not None:
            try:
                scribe.settle(self)
            except OSError as error:
                self._failed = error

    def commit(self) -> None:
        self.settle()
        if self._failed is not None:
            raise self._failed
        self._file.write(b"}}")
        self._file.commit()

    def discard(self) -> None:
        scribe, self._scribe = self._scribe, None
        if scribe is not None:
            scribe.abandon()
        self._file.discard()

    def release(self) -> None:
        self._file.release()
