"""The write protocol that keeps `current-sprint.json` a snapshot of `task-log.jsonl`.

The log is the truth; the sprint file is a snapshot of its projection up to `last_seq`,
rewritten only every `snapshot_every` events, so a change costs an append, not a rewrite
of the whole sprint. Under the lock, a change:

1. cuts a torn tail off the log (keeping a copy) and reads the last `seq`;
2. brings the sprint up to date: the snapshot plus the events logged after its `last_seq`;
3. plans the event against that sprint (refusals happen here, before anything is written);
4. appends the event with `seq` = last + 1 and a fresh id, and fsyncs it;
5. when the snapshot lags the log by `snapshot_every` events or more, replaces it
   atomically with `last_seq` = that `seq`.

Readers take no lock: they read the snapshot, then the events after its `last_seq` from the
end of the log, so they always see every committed change. A crash anywhere leaves the
snapshot the replay of a prefix of the log and the log whole up to its last newline;
nothing is lost and no event is applied twice, because an event is applied exactly when
its `seq` is above the snapshot's `last_seq`.

The sprint last written or read is kept in memory and reused while the snapshot on disk is
the one we know (same inode, size and times): the log only grows, so that sprint plus the
events after its `last_seq` is the current one, whoever logged them. A transition then
costs the events read from the end of the log, not a parse of the whole sprint.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from project_state.atomic import StateLock, write_atomic
from project_state.board_summary import content_key, save_summary, summarize
from project_state.clock import utc_now
from project_state.errors import ProjectionError, StateFileError, UnknownVersionError
from project_state.paths import StatePaths
from project_state.projection import replay
from project_state.sprint_file import SprintEncoder, SprintFile, load_sprint, peek_last_seq
from project_state.task_log import Event, LogRead, NewEvent, TaskLog

NextEvent = Callable[[SprintFile, datetime], NewEvent | None]
"""Given the up-to-date sprint and the time of the change: the event to log, or None."""

REBUILD_HINT = "run `orchestrate state rebuild` to restore the sprint from the log"
SNAPSHOT_EVERY = 256
StatKey = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class _Known:
    """The snapshot file as last read or written (`key`, `snapshot_seq`), and the sprint
    brought up to date from it (`state`, at `state.last_seq` >= `snapshot_seq`)."""

    key: StatKey | None
    snapshot_seq: int
    state: SprintFile


class SprintLedger:
    """The log and the sprint snapshot, changed together under the lock."""

    def __init__(
        self, paths: StatePaths, lock: StateLock, *, snapshot_every: int = SNAPSHOT_EVERY
    ) -> None:
        self.paths = paths
        self.log = TaskLog(paths.log, paths.shown(paths.log), paths.torn)
        self._shown = paths.shown(paths.sprint)
        self._lock = lock
        self._encoder = SprintEncoder()
        self._known: _Known | None = None
        self._snapshot_every = max(1, snapshot_every)
        self._writer = os.urandom(8).hex()
        self._logged = 0

    def read(self) -> SprintFile:
        """The up-to-date sprint: the snapshot and the log after it (no lock needed: the
        snapshot is only ever replaced whole and the log only grows)."""
        state, _ = self._up_to_date()
        return state

    def snapshot(self) -> SprintFile:
        """The sprint file as it is on disk, which may lag the log."""
        return load_sprint(self.paths.sprint, self._shown)

    def create_if_missing(self) -> None:
        if not self.paths.sprint.exists():
            self._write(SprintFile.empty())

    def commit(self, next_event: NextEvent) -> tuple[SprintFile, Event | None]:
        """Run `next_event` on the up-to-date sprint and log and apply the event it returns."""
        with self._lock.held():
            last_seq = self.log.prepare_append()
            state, _ = self._up_to_date(last_seq)
            ts = utc_now()
            draft = next_event(state, ts)
            if draft is None:
                return state, None
            event = self._stamped(draft, last_seq + 1, ts)
            updated = self._replayed([event], state)
            self.log.append([event])
            self._remember(updated)
            self._snapshot_if_due(updated)
            return updated, event

    def append(self, draft: NewEvent) -> Event:
        """Log an event that does not change the sprint."""
        with self._lock.held():
            event = self._stamped(draft, self.log.prepare_append() + 1, utc_now())
            self.log.append([event])
            if event.seq - self._snapshot_seq() >= self._snapshot_every:
                self._snapshot_if_due(self._up_to_date(event.seq)[0])
            return event

    def roll_forward(self) -> SprintFile:
        """Write the snapshot up to the end of the log, if it lags."""
        with self._lock.held():
            state, _ = self._up_to_date()
            if state.last_seq != self._snapshot_seq():
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
            found = self.snapshot()
        except StateFileError as exc:
            return [*problems, exc.message]
        return problems + self._sprint_problems(found, read.events)

    def _up_to_date(self, last_seq: int | None = None) -> tuple[SprintFile, list[Event]]:
        """The sprint with every logged event applied (up to `last_seq` when given), and the
        events that had to be. The snapshot is read before the log's end, so an unlocked
        reader never sees a snapshot ahead of the log it read."""
        known = self._base()
        end = self.log.last_seq() if last_seq is None else last_seq
        if known.state.last_seq > end and known.key is not None and self._known is known:
            self._known = None  # the log was cut short by hand: trust only the file
            known = self._base()
        gap = self._gap(known.state, end)
        state = self._replayed(gap, known.state)
        self._known = _Known(known.key, known.snapshot_seq, state)
        return state, gap

    def _base(self) -> _Known:
        """The sprint in memory while the snapshot on disk is the one it came from, else the
        snapshot freshly read."""
        key = _stat_key(self.paths.sprint)
        if self._known is not None and self._known.key == key:
            return self._known
        snapshot = self.snapshot()
        return _Known(key, snapshot.last_seq, snapshot)

    def _remember(self, state: SprintFile) -> None:
        known = self._known
        assert known is not None, "a change always starts from an up-to-date sprint"
        self._known = _Known(known.key, known.snapshot_seq, state)

    def _snapshot_seq(self) -> int:
        known = self._known
        if known is not None and known.key == _stat_key(self.paths.sprint):
            return known.snapshot_seq
        peeked = peek_last_seq(self.paths.sprint)
        return peeked if peeked is not None else self.snapshot().last_seq

    def _snapshot_if_due(self, state: SprintFile) -> None:
        """Write the snapshot when it lags by `snapshot_every` events, or when the file is
        of an older version (so it is read the slow, migrating way only until then)."""
        lag = state.last_seq - self._snapshot_seq()
        if lag >= self._snapshot_every or peek_last_seq(self.paths.sprint) is None:
            self._write(state)

    def _stamped(self, draft: NewEvent, seq: int, ts: datetime) -> Event:
        self._logged += 1
        return draft.stamped(seq, ts, f"{self._writer}-{self._logged}")

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
        data = data if data is not None else self._encoder.encode(state)
        write_atomic(self.paths.sprint, data)
        self._known = _Known(_stat_key(self.paths.sprint), state.last_seq, state)
        tasks = ((task.id, task.status, task.updated_at) for task in state.tasks)
        save_summary(self.paths.root, summarize(content_key(data), tasks))

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
        from project_state.drift import describe_drift  # lazy: only `state check` needs it

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
        return describe_drift(found, expected, self._shown)


def _log_problems(read: LogRead, shown: str) -> list[str]:
    problems = []
    if read.torn is not None:
        problems.append(read.torn.describe(shown))
    previous, seen = 0, set()
    for event in read.events:
        if event.seq != previous + 1:
            after = f"follows seq {previous}" if previous else "starts the log"
            problems.append(f"{shown}: seq {event.seq} {after}; seqs should count up by one")
        if event.id in seen:
            problems.append(f"{shown}: seq {event.seq} repeats the event id {event.id!r}")
        previous = event.seq
        seen.add(event.id)
    return problems


def _stat_key(path: os.PathLike[str]) -> StatKey | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
