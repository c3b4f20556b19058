"""The sprint as a big board shows it: every task counted, only the latest of each status
read in full.

A board of 10,000 tasks shows each status's count and its few most recently changed tasks.
Building every task as a model costs more than the rest of the command together, so
`read_board` takes the counts and the ranking from the summary stackcrew wrote with the
file (`project_state.board_summary`) — or, for a file it did not write, from every task's
head (id, status, time: `SprintHeads`) — and builds in full only the tasks that may be
shown and those the log changed since the snapshot. It returns what the whole read
(`ProjectState.sprint`) would show, or None when it cannot tell cheaply (a sprint started
since the snapshot, a file of another shape, anything invalid, a gap longer than the
summary goes deep): the caller then reads the sprint whole, which also says what is wrong.

Why a few candidates suffice: a task the log did not touch keeps its status and time, so
among the tasks of one status it can only have climbed by the number of tasks the log
touched. The `latest + touched` newest heads of each status, with the touched and added
tasks, therefore hold the `latest` newest of each status after the log is applied.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from project_state.board_summary import (
    BoardSummary,
    content_key,
    read_summary,
    save_summary,
    summarize,
)
from project_state.errors import ProjectionError
from project_state.paths import StatePaths
from project_state.projection import PROJECTION_EVENTS, replay
from project_state.sprint_file import (
    TASK_STATUSES,
    Sprint,
    SprintFile,
    Task,
    TaskStatus,
    load_heads,
    sprint_lines,
    task_from_line,
)
from project_state.task_log import Event, TaskLog


@dataclass(frozen=True)
class Board:
    """Each status's task count and its `latest` most recently changed tasks, newest first
    (of equal times, the later added first)."""

    sprint: Sprint | None
    counts: dict[TaskStatus, int]
    latest: dict[TaskStatus, list[Task]]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def read_board(paths: StatePaths, log: TaskLog, latest: int) -> Board | None:
    """The board of the snapshot in `paths` and the events `log` holds after it."""
    try:
        raw = paths.sprint.read_bytes()
    except FileNotFoundError:
        return None
    key = content_key(raw)
    snapshot = _from_summary(paths.root, raw, key) or _from_heads(paths.root, raw, key)
    if snapshot is None:
        return None
    end = log.last_seq()  # read after the snapshot, as every reader of the two does
    if snapshot.last_seq > end:
        return None
    gap = log.events_after(snapshot.last_seq) if snapshot.last_seq < end else []
    if any(event.event == "sprint_started" for event in gap):
        return None  # it drops DONE tasks: rare enough to read the sprint whole
    touched = _touched(snapshot.summary.ids, gap)
    newest = snapshot.summary.newest(latest + len(touched))
    if newest is None:
        return None
    candidates = sorted(touched | newest)
    found = [snapshot.task(position) for position in candidates]
    tasks = [task for task in found if task is not None]
    if len(tasks) != len(found):
        return None
    try:
        applied = replay(
            gap, SprintFile(last_seq=snapshot.last_seq, sprint=snapshot.sprint, tasks=tasks)
        )
    except ProjectionError:
        return None
    return _board(snapshot.summary, dict(zip(candidates, tasks, strict=True)), applied, latest)


@dataclass(frozen=True)
class _Snapshot:
    """What a board reads of `current-sprint.json`: its header, its sprint, the summary of
    its tasks, and each task's line."""

    last_seq: int
    sprint: Sprint | None
    summary: BoardSummary
    lines: list[bytes]

    def task(self, position: int) -> Task | None:
        ids = self.summary.ids
        return task_from_line(self.lines[position], ids[position]) if position < len(ids) else None


def _from_summary(repo_root: Path, raw: bytes, key: str) -> _Snapshot | None:
    """The snapshot with the summary written with these very bytes, if there is one."""
    summary = read_summary(repo_root, key)
    if summary is None:
        return None
    cut = sprint_lines(raw, len(summary.ids))
    return None if cut is None else _Snapshot(cut.last_seq, cut.sprint, summary, cut.lines)


def _from_heads(repo_root: Path, raw: bytes, key: str) -> _Snapshot | None:
    """The snapshot with every task's head validated; its summary is saved for the next
    board (the file was written by hand or by git, not by stackcrew)."""
    heads = load_heads(raw)
    if heads is None:
        return None
    summary = summarize(
        key, ((head["id"], head["status"], head["updated_at"]) for head in heads.tasks)
    )
    save_summary(repo_root, summary)
    return _Snapshot(heads.last_seq, heads.sprint, summary, heads.lines())


def _touched(ids: Sequence[str], gap: Iterable[Event]) -> set[int]:
    """Positions of the tasks that events of `gap` change or name as added (a task added
    twice must meet its first copy to be refused)."""
    named = set()
    for event in gap:
        if event.event in PROJECTION_EVENTS:
            named.update((event.task, event.data.get("id")))
    return {n for n, task_id in enumerate(ids) if task_id in named} if named else set()


def _board(
    summary: BoardSummary, before: dict[int, Task], applied: SprintFile, latest: int
) -> Board:
    """Counts from the summary, corrected by the candidates' statuses after the log (`before`:
    each candidate as the snapshot holds it, by position); the newest of each status among
    the candidates and the added tasks."""
    counts = Counter(summary.counts)
    counts.subtract(task.status for task in before.values())
    added = range(len(summary.ids), len(summary.ids) + len(applied.tasks) - len(before))
    ranked: dict[TaskStatus, list[tuple[datetime, int, Task]]] = {s: [] for s in TASK_STATUSES}
    for position, task in zip([*before, *added], applied.tasks, strict=True):
        counts[task.status] += 1
        ranked[task.status].append((task.updated_at, position, task))
    return Board(
        sprint=applied.sprint,
        counts={status: counts[status] for status in TASK_STATUSES},
        latest={s: [t for _, _, t in heapq.nlargest(latest, ranked[s])] for s in TASK_STATUSES},
    )
