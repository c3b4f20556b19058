"""The sprint as a big board shows it: every task counted, only the latest of each status
read in full.

A board of 10,000 tasks shows each status's count and its few most recently changed tasks.
Building every task as a model costs more than the rest of the command together, so
`read_board` validates each task's head (id, status, time: `SprintHeads`) and builds in
full only the tasks that may be shown and those the log changed since the snapshot. It
returns what the whole read (`ProjectState.sprint`) would show, or None when it cannot
tell cheaply (a sprint started since the snapshot, a file of another shape, anything
invalid): the caller then reads the sprint whole, which also says what is wrong.

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

from project_state.errors import ProjectionError
from project_state.projection import PROJECTION_EVENTS, replay
from project_state.sprint_file import (
    TASK_STATUSES,
    Sprint,
    SprintFile,
    SprintHeads,
    Task,
    TaskHead,
    TaskStatus,
    load_heads,
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


def read_board(sprint_path: Path, log: TaskLog, latest: int) -> Board | None:
    """The board of the snapshot at `sprint_path` and the events `log` holds after it."""
    heads = load_heads(sprint_path)
    if heads is None:
        return None
    end = log.last_seq()  # read after the snapshot, as every reader of the two does
    if heads.last_seq > end:
        return None
    gap = log.events_after(heads.last_seq) if heads.last_seq < end else []
    if any(event.event == "sprint_started" for event in gap):
        return None  # it drops DONE tasks: rare enough to read the sprint whole
    touched = _touched(heads.tasks, gap)
    candidates = sorted(touched | _newest(heads.tasks, latest + len(touched)))
    tasks = [heads.task(position) for position in candidates]
    if None in tasks:
        return None
    try:
        applied = replay(gap, SprintFile(last_seq=heads.last_seq, sprint=heads.sprint, tasks=tasks))
    except ProjectionError:
        return None
    return _board(heads, candidates, applied, latest)


def _touched(heads: Sequence[TaskHead], gap: Iterable[Event]) -> set[int]:
    """Positions of the tasks that events of `gap` change or name as added (a task added
    twice must meet its first copy to be refused)."""
    named = set()
    for event in gap:
        if event.event in PROJECTION_EVENTS:
            named.update((event.task, event.data.get("id")))
    return {n for n, head in enumerate(heads) if head["id"] in named} if named else set()


def _newest(heads: Sequence[TaskHead], count: int) -> set[int]:
    """Positions of the `count` most recently changed heads of each status."""
    by_status: dict[str, list[tuple[datetime, int]]] = {status: [] for status in TASK_STATUSES}
    for n, head in enumerate(heads):
        by_status[head["status"]].append((head["updated_at"], n))
    return {n for ranked in by_status.values() for _, n in sorted(ranked)[-count:]}


def _board(heads: SprintHeads, candidates: list[int], applied: SprintFile, latest: int) -> Board:
    """Counts from every head, corrected by the candidates' statuses after the log; the
    newest of each status among the candidates and the added tasks."""
    counts = Counter(head["status"] for head in heads.tasks)
    counts.subtract(heads.tasks[n]["status"] for n in candidates)
    added = range(len(heads.tasks), len(heads.tasks) + len(applied.tasks) - len(candidates))
    ranked: dict[TaskStatus, list[tuple[datetime, int, Task]]] = {s: [] for s in TASK_STATUSES}
    for position, task in zip([*candidates, *added], applied.tasks, strict=True):
        counts[task.status] += 1
        ranked[task.status].append((task.updated_at, position, task))
    return Board(
        sprint=applied.sprint,
        counts={status: counts[status] for status in TASK_STATUSES},
        latest={s: [t for _, _, t in heapq.nlargest(latest, ranked[s])] for s in TASK_STATUSES},
    )
