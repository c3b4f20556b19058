"""The sprint as a pure function of the log: apply events to a `SprintFile`.

Four events change the sprint; every other event only advances `last_seq`:

    sprint_started   data: the sprint          a new sprint; unfinished tasks carry over,
                                               DONE tasks leave the sprint file
    task_added       data: the whole task
    task_status      data: status, reason?     keeps started_at / completed_at / updated_at /
                                               blocked_reason
    task_updated     data: any of branch, pr, title, depends_on

The log is the source of truth, so workflow rules are not checked here; only events that
cannot be applied at all (an unknown task, a duplicate id, malformed data) raise
`ProjectionError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from project_state.errors import ProjectionError
from project_state.factories import empty_list
from project_state.input_problems import describe_error, first_error
from project_state.sprint_file import Sprint, SprintFile, Task, TaskStatus
from project_state.task_log import Event

PROJECTION_EVENTS = frozenset({"sprint_started", "task_added", "task_status", "task_updated"})
PayloadT = TypeVar("PayloadT", bound=BaseModel)


class StatusChange(BaseModel):
    """The data of a `task_status` event."""

    model_config = ConfigDict(extra="forbid")

    status: TaskStatus
    reason: str | None = None


class TaskChanges(BaseModel):
    """The data of a `task_updated` event: only the keys present are changed."""

    model_config = ConfigDict(extra="forbid")

    branch: str | None = None
    pr: int | None = Field(default=None, ge=1)
    title: str = Field(default="", min_length=1)
    depends_on: list[str] = Field(default_factory=empty_list)

    def present(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


def apply_event(state: SprintFile, event: Event) -> SprintFile:
    """`state` after `event`."""
    return replay([event], state)


def replay(events: Iterable[Event], start: SprintFile | None = None) -> SprintFile:
    """Apply `events` in order to `start` (an empty sprint file when not given)."""
    projection = _Projection(start or SprintFile.empty())
    for event in events:
        projection.apply(event)
    return projection.result()


class _Projection:
    """A mutable working copy, so replaying n events costs O(n), not O(n × tasks)."""

    def __init__(self, start: SprintFile) -> None:
        self.start = start
        self.sprint = start.sprint
        self.tasks = list(start.tasks)
        self.index = start.positions()  # shared with `start` until a task comes or goes
        self.index_is_shared = True
        self.last_seq = start.last_seq

    def apply(self, event: Event) -> None:
        handler = getattr(self, f"_on_{event.event}", None)
        if event.event in PROJECTION_EVENTS and handler is not None:
            handler(event)
        self.last_seq = event.seq

    def result(self) -> SprintFile:
        state = self.start.model_copy(
            update={"sprint": self.sprint, "tasks": self.tasks, "last_seq": self.last_seq}
        )
        state.remember_positions(self.index)
        return state

    def _on_sprint_started(self, event: Event) -> None:
        self.sprint = _payload(Sprint, event)
        self.tasks = [task for task in self.tasks if task.status != "DONE"]
        self.index = {task.id: i for i, task in enumerate(self.tasks)}
        self.index_is_shared = False

    def _on_task_added(self, event: Event) -> None:
        task = _payload(Task, event)
        if self.sprint is None:
            raise ProjectionError(event.seq, f"task {task.id} is added before any sprint started")
        if event.task not in (None, task.id):
            raise ProjectionError(event.seq, f"names task {event.task!r} but adds {task.id!r}")
        if task.id in self.index:
            raise ProjectionError(event.seq, f"adds task {task.id!r}, which the sprint holds")
        if self.index_is_shared:
            self.index, self.index_is_shared = dict(self.index), False
        self.index[task.id] = len(self.tasks)
        self.tasks.append(task)

    def _on_task_status(self, event: Event) -> None:
        change = _payload(StatusChange, event)
        position, task = self._task_of(event)
        self.tasks[position] = with_status(task, change.status, change.reason, event.ts)

    def _on_task_updated(self, event: Event) -> None:
        changes = _payload(TaskChanges, event).present()
        position, task = self._task_of(event)
        self.tasks[position] = task.model_copy(update={**changes, "updated_at": event.ts})

    def _task_of(self, event: Event) -> tuple[int, Task]:
        position = self.index.get(event.task) if event.task else None
        if position is None:
            raise ProjectionError(
                event.seq, f"{event.event} names task {event.task!r}, which the sprint lacks"
            )
        return position, self.tasks[position]


def with_status(task: Task, status: TaskStatus, reason: str | None, ts: datetime) -> Task:
    """`task` moved to `status` at `ts`, with its timestamps and block reason kept in step."""
    changes: dict[str, Any] = {
        "status": status,
        "updated_at": ts,
        "blocked_reason": reason if status == "BLOCKED" else None,
    }
    if status == "IN_PROGRESS" and task.started_at is None:
        changes["started_at"] = ts
    if status == "DONE":
        changes["completed_at"] = ts
    elif task.completed_at is not None:
        changes["completed_at"] = None
    return task.model_copy(update=changes)


def _payload(model: type[PayloadT], event: Event) -> PayloadT:
    try:
        return model.model_validate(event.data)
    except ValidationError as exc:
        problem = describe_error(first_error(exc))
        raise ProjectionError(event.seq, f"{event.event} data: {problem}") from exc
