"""The write protocol that keeps `current-sprint.json` the projection of `task-log.jsonl`.

Under the lock, a change:

1. cuts a torn tail off the log (keeping a copy) and reads the last `seq`;
2. rolls the sprint forward over any events it has not applied yet (a writer that died
   between its append and its replace leaves such a gap);
3. plans the event against that sprint (refusals happen here, before anything is written);
4. appends the event with `seq` = last + 1 and fsyncs it;
5. replaces the sprint file atomically with `last_seq` = that `seq`.

A crash anywhere leaves the sprint equal to the replay of a prefix of the log, which step 2
of the next change completes. The sprint last written or read is kept in memory and reused
while the file on disk is the one we know (same inode, size and times) and no other process
has logged a change since: one transition then costs the gap read from the end of the log,
not a replay of the whole log nor a re-parse of the sprint.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from project_state.atomic import StateLock, write_atomic
from project_state.clock import utc_now
from project_state.drift import describe_drift
from project_state.errors import ProjectionError, StateFileError, UnknownVersionError
from project_state.paths import StatePaths
from project_state.projection import PROJECTION_EVENTS, replay
from project_state.sprint_file import SprintEncoder, SprintFile, load_sprint
from project_state.task_log import Event, LogRead, NewEvent, TaskLog

Plan = Callable[[SprintFile, datetime], NewEvent | None]
"""Given the up-to-date sprint and the time of the change: the event to log, or None."""

REBUILD_HINT = "run `orchestrate state rebuild` to restore the sprint from the log"
StatKey = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class _Known:
    key: StatKey | None
    state: SprintFile


class SprintLedger:
    """The log and the sprint file, changed together under the lock."""

    def __init__(self, paths: StatePaths, lock: StateLock) -> None:
        self.paths = paths
        self.log = TaskLog(paths.log, paths.shown(paths.log), paths.torn)
        self._shown = paths.shown(paths.sprint)
        self._lock = lock
        self._encoder = SprintEncoder()
        self._known: _Known | None = None

    def read(self) -> SprintFile:
        """The sprint file as it is on disk (no lock: it is only ever replaced whole)."""
        return load_sprint(self.paths.sprint, self._shown)

    def create_if_missing(self) -> None:
        if not self.paths.sprint.exists():
            self._write(SprintFile.empty())

    def commit(self, plan: Plan) -> tuple[SprintFile, Event | None]:
        """Run `plan` on the up-to-date sprint and log and apply the event it returns."""
        with self._lock.held():
            last_seq = self.log.prepare_append()
            state, gap = self._up_to_date(last_seq)
            ts = utc_now()
            draft = plan(state, ts)
            if draft is None:
                if _changes_sprint(gap):
                    self._write(state)
                return state, None
            event = draft.stamped(last_seq + 1, ts)
            updated = self._replayed([event], state)
            self.log.append([event])
            self._write(updated)
            return updated, event

    def append(self, draft: NewEvent) -> Event:
        """Log an event that does not change the sprint."""
        with self._lock.held():
            event = draft.stamped(self.log.prepare_append() + 1, utc_now())
            self.log.append([event])
            return event

    def roll_forward(self) -> SprintFile:
        """Apply the events the sprint file has not seen yet, and save it if any were."""
        with self._lock.held():
            state, gap = self._up_to_date(self.log.last_seq())
            if gap:
                self._write(state)
            return state

    def rebuild(self) -> SprintFile:
        """Replay the whole log into a new sprint file. The old file, if it differs, is kept
        as `current-sprint.json.bak`; a file from a newer stackcrew is not replaced."""
        with self._lock.held():
            state = self._replayed(self.log.read().events, SprintFile.empty())
            self._refuse_newer_version()
            data = self._encoder.encode(state)
            self._back_up_unless(data)
            self._write(state, data)
            return state

    def check(self) -> list[str]:
        """Everything that keeps the sprint file from being the replay of the log."""
        try:
            read = self.log.read()
        except StateFileError as exc:
            return [exc.message]
        problems = _log_problems(read, self.log.shown)
        try:
            found = self.read()
        except StateFileError as exc:
            return [*problems, exc.message]
        return problems + self._sprint_problems(found, read.events)

    def _up_to_date(self, last_seq: int) -> tuple[SprintFile, list[Event]]:
        """The sprint with every logged event applied, and the events that had to be.

        The sprint we last wrote or read is trusted while the file is unchanged on disk and
        no change was logged after it: any other writer would have logged one."""
        known = self._known
        if known is not None and known.key == _stat_key(self.paths.sprint):
            gap = self._gap(known.state, last_seq)
            if not _changes_sprint(gap):
                return self._replayed(gap, known.state), gap
        state = self.read()
        self._known = _Known(_stat_key(self.paths.sprint), state)
        gap = self._gap(state, last_seq)
        return self._replayed(gap, state), gap

    def _gap(self, state: SprintFile, last_seq: int) -> list[Event]:
        if state.last_seq > last_seq:
            raise StateFileError(
                self._shown,
                f"last_seq is {state.last_seq} but the log ends at seq {last_seq}",
                hint=REBUILD_HINT,
            )
        return self.log.events_after(state.last_seq) if state.last_seq < last_seq else []

    def _replayed(self, events: Sequence[Event], start: SprintFile) -> SprintFile:
        if not events:
            return start
        try:
            return replay(events, start)
        except ProjectionError as exc:
            raise StateFileError(
                self.log.shown,
                f"{exc.message}; it cannot be applied to the sprint",
                hint=f'fix that event\'s line (search for "seq":{exc.seq}) by hand; '
                "stackcrew left both files untouched",
            ) from exc

    def _write(self, state: SprintFile, data: bytes | None = None) -> None:
        write_atomic(self.paths.sprint, data if data is not None else self._encoder.encode(state))
        self._known = _Known(_stat_key(self.paths.sprint), state)

    def _refuse_newer_version(self) -> None:
        try:
            self.read()
        except UnknownVersionError:
            raise
        except StateFileError:
            pass  # a broken sprint file is what rebuild is for

    def _back_up_unless(self, data: bytes) -> None:
        try:
            old = self.paths.sprint.read_bytes()
        except FileNotFoundError:
            return
        if old != data:
            write_atomic(self.paths.sprint_backup, old)

    def _sprint_problems(self, found: SprintFile, events: list[Event]) -> list[str]:
        last = events[-1].seq if events else 0
        if found.last_seq > last:
            return [f"{self._shown}: last_seq is {found.last_seq} but the log ends at seq {last}"]
        applied = [event for event in events if event.seq <= found.last_seq]
        pending = [event for event in events if event.seq > found.last_seq]
        try:
            expected = replay(applied)
            replay(pending, expected)
        except ProjectionError as exc:
            return [f"{self.log.shown}: {exc.message}; it cannot be applied to the sprint"]
        problems = describe_drift(found, expected, self._shown)
        changes = [event.seq for event in pending if event.event in PROJECTION_EVENTS]
        if changes:
            problems.append(
                f"{self._shown}: behind the log by {len(changes)} change(s) "
                f"(seq {changes[0]}..{changes[-1]}); the next change applies them, or "
                "`orchestrate state rebuild` does"
            )
        return problems


def _changes_sprint(events: Sequence[Event]) -> bool:
    return any(event.event in PROJECTION_EVENTS for event in events)


def _log_problems(read: LogRead, shown: str) -> list[str]:
    problems = []
    if read.torn is not None:
        problems.append(
            f"{shown}:{read.torn.line}: the last line is torn ({read.torn.size} bytes without "
            "a newline); the next change copies it to task-log.jsonl.torn and cuts it off"
        )
    previous = 0
    for event in read.events:
        if event.seq != previous + 1:
            after = f"follows seq {previous}" if previous else "starts the log"
            problems.append(f"{shown}: seq {event.seq} {after}; seqs should count up by one")
        previous = event.seq
    return problems


def _stat_key(path: os.PathLike[str]) -> StatKey | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
