"""`task-log.jsonl`: the append-only log of everything that happened, one JSON event a line.

This module is the file's only reader and writer. An event is committed once its line,
newline included, is fsynced. A final line without its newline is a torn tail (a writer died
mid-append): reads report it as a `TornTail`, and the next append first copies it to
`task-log.jsonl.torn` and cuts it off. A malformed line anywhere else is an error naming
the line; the log is never rewritten to hide it.

Appending writers only need the end of the log (the last `seq`, the events after a given
`seq`), so those are read backwards from the end, in time proportional to what is asked for.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from project_state.atomic import fsync_dir
from project_state.clock import UtcDateTime
from project_state.errors import MISSING_HINT, StateFileError
from project_state.jsonfile import json_syntax_error, refuse_deep_json, schema_error

EVENT_NAME = r"^[a-z][a-z0-9_]*$"
EVENT_ID = r"^$|^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
LOG_HINT = "fix or delete that line by hand (stackcrew left the log untouched)"
BLOCK = 64 * 1024


class Event(BaseModel):
    """One line of the log.

    Version 2 lines (`"v": 2`) carry an `id` unique across machines: the random id of the
    writer that logged it and that writer's own count (``"3f9c0a1be2d4c7e8-17"``), so logs
    copied between machines can be merged without doubling. Version 1 lines (no `v`, no
    `id`) read with an id made from their `seq` and `ts`, the same on every copy."""

    model_config = ConfigDict(extra="forbid")

    v: Literal[1, 2] = 1
    id: str = Field(default="", pattern=EVENT_ID)
    seq: int = Field(ge=1)
    ts: UtcDateTime
    run_id: str | None = None
    task: str | None = None
    agent: str | None = None
    mode: str | None = None
    event: str = Field(pattern=EVENT_NAME)
    data: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _has_an_id(self) -> Event:
        if self.v == 1 and not self.id:
            self.id = f"v1-{self.seq}-{self.ts:%Y%m%dT%H%M%S%fZ}"
        elif not self.id:
            raise ValueError("a version 2 event needs its `id`")
        return self


@dataclass(frozen=True)
class NewEvent:
    """An event before the lock has given it its `seq` and `ts`."""

    event: str
    task: str | None = None
    agent: str | None = None
    mode: str | None = None
    run_id: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)

    def stamped(self, seq: int, ts: datetime, event_id: str = "unlogged-0") -> Event:
        """The event as logged; the ledger gives it the next `seq` and a fresh `event_id`."""
        return Event(
            v=2,
            id=event_id,
            seq=seq,
            ts=ts,
            run_id=self.run_id,
            task=self.task,
            agent=self.agent,
            mode=self.mode,
            event=self.event,
            data=dict(self.data),
        )


@dataclass(frozen=True)
class TornTail:
    """A final line that never got its newline: where it starts and what it holds."""

    line: int
    offset: int
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def describe(self, shown: str = "task-log.jsonl") -> str:
        where = f"{shown}:{self.line}" if self.line else shown
        return (
            f"{where}: the last line is torn ({self.size} bytes without a newline); "
            "it is left out, and the next change copies it to task-log.jsonl.torn and cuts it off"
        )


@dataclass(frozen=True)
class LogRead:
    events: list[Event]
    torn: TornTail | None = None


@dataclass(frozen=True)
class EventFilter:
    """Which events to keep: each field given must equal the event's (None: any)."""

    task: str | None = None
    agent: str | None = None
    event: str | None = None
    run_id: str | None = None

    def keeps(self, document: Mapping[str, Any]) -> bool:
        return all(document.get(key) == value for key, value in self._wanted())

    def may_keep(self, line: bytes) -> bool:
        """False only when `line` cannot hold the wanted values (each one's JSON string must
        appear in it), so most other lines are skipped without being parsed."""
        return all(needle in line for needle in self._needles())

    def _wanted(self) -> list[tuple[str, str]]:
        fields = (("task", self.task), ("agent", self.agent), ("event", self.event))
        given = [*fields, ("run_id", self.run_id)]
        return [(key, value) for key, value in given if value is not None]

    def _needles(self) -> list[bytes]:
        plain = [value for _, value in self._wanted() if value.isascii() and value.isprintable()]
        return [json.dumps(value).encode() for value in plain if "\\" not in value]


class TaskLog:
    def __init__(self, path: Path, shown: str, torn_path: Path) -> None:
        self.path = path
        self.shown = shown
        self.torn_path = torn_path

    def read(self) -> LogRead:
        """Every committed event, in order, and the torn tail if there is one."""
        raw = self._read_bytes()
        committed = raw.rfind(b"\n") + 1
        lines = raw[:committed].split(b"\n")[:-1]
        events = [self._parse(line, number) for number, line in enumerate(lines, 1) if line.strip()]
        torn = (
            TornTail(len(lines) + 1, committed, raw[committed:]) if committed < len(raw) else None
        )
        return LogRead(events, torn)

    def newest(self, limit: int, wanted: EventFilter | None = None) -> LogRead:
        """The last `limit` committed events that `wanted` keeps (0: all of them), oldest
        first, read from the end of the log: lines are parsed only as far back as needed,
        and only the events returned are validated in full."""
        wanted = wanted or EventFilter()
        with self._open("rb") as log:
            size = log.seek(0, os.SEEK_END)
            committed = _committed_end(log, size)
            picked = self._pick_backwards(log, committed, limit, wanted)
            torn = self._torn_tail(log, committed, size) if committed < size else None
        return LogRead([self._parse_tail_line(line) for line in reversed(picked)], torn)

    def prepare_append(self) -> int:
        """Cut a torn tail (keeping a copy) and return the last `seq`. Call under the lock."""
        with self._open("r+b") as log:
            size = log.seek(0, os.SEEK_END)
            committed = _committed_end(log, size)
            if committed < size:
                self._cut(log, committed, size)
            return self._last_seq_before(log, committed)

    def last_seq(self) -> int:
        """The `seq` of the last committed event (0 for an empty log); a torn tail is ignored."""
        with self._open("rb") as log:
            return self._last_seq_before(log, _committed_end(log, log.seek(0, os.SEEK_END)))

    def create_if_missing(self) -> None:
        """An empty log, made durable; an existing log is left as it is."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return
        os.fsync(fd)
        os.close(fd)
        fsync_dir(self.path.parent)

    def events_after(self, seq: int) -> list[Event]:
        """The committed events with a `seq` above `seq`, oldest first."""
        newer: list[Event] = []
        with self._open("rb") as log:
            for event in self._events_backwards(log, _committed_end(log, log.seek(0, os.SEEK_END))):
                if event.seq <= seq:
                    break
                newer.append(event)
        newer.reverse()
        return newer

    def append(self, events: Sequence[Event]) -> None:
        """Append and fsync `events`. Call under the lock, after `prepare_append`."""
        data = b"".join(event.model_dump_json().encode() + b"\n" for event in events)
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except FileNotFoundError:
            raise StateFileError(self.shown, "file does not exist", hint=MISSING_HINT) from None
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)

    def _cut(self, log: BinaryIO, committed: int, size: int) -> None:
        log.seek(committed)
        fragment = log.read(size - committed)
        with open(self.torn_path, "ab") as aside:
            aside.write(fragment + b"\n")
            aside.flush()
            os.fsync(aside.fileno())
        fsync_dir(self.torn_path.parent)
        log.truncate(committed)
        log.flush()
        os.fsync(log.fileno())

    def _pick_backwards(
        self, log: BinaryIO, end: int, limit: int, wanted: EventFilter
    ) -> list[bytes]:
        picked: list[bytes] = []
        filtering = wanted != EventFilter()
        for line in _lines_backwards(log, end):
            if not line.strip() or not wanted.may_keep(line):
                continue
            if not filtering or wanted.keeps(self._document(line)):
                picked.append(line)
                if len(picked) == limit:
                    break
        return picked

    def _document(self, line: bytes) -> dict[str, Any]:
        try:
            document = json.loads(line)
        except ValueError:
            document = None
        if not isinstance(document, dict):
            self.read()  # reads from the start to raise the problem with its line number
            raise StateFileError(self.shown, "a line is not a JSON object", hint=LOG_HINT)
        return document

    def _torn_tail(self, log: BinaryIO, committed: int, size: int) -> TornTail:
        log.seek(committed)
        data = log.read(size - committed)
        log.seek(0)
        lines = sum(block.count(b"\n") for block in iter(lambda: log.read(BLOCK), b""))
        return TornTail(lines + 1, committed, data)

    def _last_seq_before(self, log: BinaryIO, end: int) -> int:
        last = next(self._events_backwards(log, end), None)
        return last.seq if last else 0

    def _events_backwards(self, log: BinaryIO, end: int) -> Iterator[Event]:
        for line in _lines_backwards(log, end):
            if line.strip():
                yield self._parse_tail_line(line)

    def _parse_tail_line(self, line: bytes) -> Event:
        try:
            return Event.model_validate_json(line)
        except ValidationError as exc:
            self.read()  # reads from the start to raise the same problem with its line number
            raise StateFileError(
                self.shown, f"a line near the end is not a valid event ({exc})", hint=LOG_HINT
            ) from exc

    def _parse(self, line: bytes, number: int) -> Event:
        try:
            return Event.model_validate_json(line)
        except ValidationError as exc:
            raise self._line_error(line, number, exc) from exc

    def _line_error(self, line: bytes, number: int, exc: ValidationError) -> StateFileError:
        text = line.decode("utf-8", errors="replace")
        refuse_deep_json(text, self.shown, LOG_HINT, first_line=number)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as syntax:
            return json_syntax_error(syntax, self.shown, LOG_HINT, first_line=number)
        if not isinstance(document, dict):
            return StateFileError(
                self.shown,
                "expected a JSON object (one event)",
                line=number,
                column=1,
                hint=LOG_HINT,
            )
        return schema_error(exc, text, self.shown, LOG_HINT, first_line=number)

    def _read_bytes(self) -> bytes:
        with self._open("rb") as log:
            return log.read()

    def _open(self, mode: str) -> BinaryIO:
        try:
            return open(self.path, mode)  # the caller closes it
        except FileNotFoundError:
            raise StateFileError(self.shown, "file does not exist", hint=MISSING_HINT) from None


def _committed_end(log: BinaryIO, size: int) -> int:
    """The offset just past the last newline at or before `size` (0 if there is none)."""
    position = size
    while position > 0:
        start = max(0, position - BLOCK)
        log.seek(start)
        newline = log.read(position - start).rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        position = start
    return 0


def _lines_backwards(log: BinaryIO, end: int) -> Iterator[bytes]:
    """The lines before `end` (which follows a newline), last line first, without newlines."""
    position, rest = end, b""
    while position > 0:
        start = max(0, position - BLOCK)
        log.seek(start)
        pieces = (log.read(position - start) + rest).split(b"\n")
        rest, position = pieces[0], start
        yield from reversed(pieces[1:])
    yield rest
