"""`current-sprint.json`: a snapshot of the sprint and its tasks, projected from the log.

This module is the file's only reader and writer. The file holds the projection of the log
up to `last_seq`; since version 2 it may lag behind the log (the ledger rewrites it every
so many events), and readers apply the events after `last_seq` themselves. It is written
with one task per line, so a snapshot changes one line of a diff per changed task, and a
10,000-task sprint is re-encoded only where it changed (`SprintEncoder` keeps the bytes of
tasks it has already written). Its header is written first and always in the same shape,
so `peek_last_seq` learns how far the snapshot goes without parsing the tasks, and a board
(`load_heads`, `sprint_lines`) validates only the lines of the tasks it shows.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, NamedTuple

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from typing_extensions import TypedDict

from project_state.atomic import write_atomic
from project_state.clock import UtcDateTime
from project_state.factories import empty_list
from project_state.jsonfile import Document, FileFormat, first_repeated, load_file
from project_state.task_ids import TASK_ID

TaskStatus = Literal["TODO", "IN_PROGRESS", "IN_REVIEW", "DONE", "BLOCKED"]
TASK_STATUSES: tuple[TaskStatus, ...] = ("TODO", "IN_PROGRESS", "IN_REVIEW", "DONE", "BLOCKED")


class Sprint(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    goal: str = ""
    start: date
    end: date

    @model_validator(mode="after")
    def _ends_after_start(self) -> Sprint:
        if self.end < self.start:
            raise ValueError(f"the sprint ends ({self.end}) before it starts ({self.start})")
        return self


class Task(BaseModel):
    """One task of the sprint. The timestamps and `blocked_reason` belong to the projection."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=TASK_ID)
    issue: int | None = Field(default=None, ge=1)
    agent: str = Field(min_length=1)
    title: str = Field(min_length=1)
    status: TaskStatus = "TODO"
    depends_on: list[str] = Field(default_factory=empty_list)
    branch: str | None = None
    pr: int | None = Field(default=None, ge=1)
    blocked_reason: str | None = None
    created_at: UtcDateTime
    updated_at: UtcDateTime
    started_at: UtcDateTime | None = None
    completed_at: UtcDateTime | None = None


class SprintFile(BaseModel):
    """The whole of `current-sprint.json`: the projection of the log up to `last_seq`."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[2] = 2
    last_seq: int = Field(ge=0)
    sprint: Sprint | None
    tasks: list[Task]
    _positions: tuple[list[Task], dict[str, int]] | None = PrivateAttr(default=None)

    @field_validator("tasks")
    @classmethod
    def _ids_are_unique(cls, tasks: list[Task]) -> list[Task]:
        _refuse_repeated_ids([task.id for task in tasks])
        return tasks

    @classmethod
    def empty(cls) -> SprintFile:
        """No sprint, no tasks, nothing of the log applied."""
        return cls(last_seq=0, sprint=None, tasks=[])

    def __eq__(self, other: object) -> bool:
        # pydantic would also compare the private position index, which is only a cache.
        if not isinstance(other, SprintFile):
            return NotImplemented
        return (self.version, self.last_seq, self.sprint, self.tasks) == (
            other.version,
            other.last_seq,
            other.sprint,
            other.tasks,
        )

    def find(self, task_id: str) -> Task | None:
        position = self.positions().get(task_id)
        if position is None or self.tasks[position].id != task_id:
            position = self.positions(fresh=True).get(task_id)
        return None if position is None else self.tasks[position]

    def positions(self, *, fresh: bool = False) -> dict[str, int]:
        """Task id → index in `tasks`, built once per tasks list. Treat it as read-only, and
        the tasks list too: a changed sprint is a new `SprintFile` with a new list."""
        known = self._positions
        if fresh or known is None or known[0] is not self.tasks or len(known[1]) != len(self.tasks):
            known = (self.tasks, {task.id: i for i, task in enumerate(self.tasks)})
            self._positions = known
        return known[1]

    def remember_positions(self, positions: dict[str, int]) -> None:
        """Adopt an index that whoever built `tasks` kept up to date along the way."""
        self._positions = (self.tasks, positions)


class TaskHead(TypedDict):
    """What a board needs of every task to count and rank it; the rest of the task is read
    only when the board shows it (`task_from_line`)."""

    __pydantic_config__ = ConfigDict(extra="ignore")  # type: ignore[misc]

    id: Annotated[str, Field(pattern=TASK_ID)]
    status: TaskStatus
    updated_at: UtcDateTime


class SprintHeads(BaseModel):
    """`current-sprint.json` read for a board: the sprint in full, each task by its head,
    and the file's lines, one task a line as `SprintEncoder` writes them."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # only a big board needs it

    version: Literal[2]
    last_seq: int = Field(ge=0)
    sprint: Sprint | None
    tasks: list[TaskHead]
    _lines: list[bytes] = PrivateAttr(default_factory=list)

    @field_validator("tasks")
    @classmethod
    def _ids_are_unique(cls, tasks: list[TaskHead]) -> list[TaskHead]:
        _refuse_repeated_ids([task["id"] for task in tasks])
        return tasks

    @classmethod
    def from_encoded(cls, raw: bytes) -> SprintHeads | None:
        """`raw` as `SprintEncoder` writes it, or None when its tasks are not one a line."""
        heads = cls.model_validate_json(raw)
        lines = _task_lines(raw, len(heads.tasks))
        if lines is None:
            return None
        heads._lines = lines
        return heads

    def lines(self) -> list[bytes]:
        """Each task's line as it is in the file, in the order of `tasks`."""
        return self._lines


class SprintLines(NamedTuple):
    """A file as `SprintEncoder` writes it, cut into its parts: the header and the sprint
    validated, each task's line as it is."""

    last_seq: int
    sprint: Sprint | None
    lines: list[bytes]


def sprint_lines(raw: bytes, count: int) -> SprintLines | None:
    """`raw` cut as `SprintEncoder` writes a file of `count` tasks; None when it is shaped
    otherwise or its sprint is not valid."""
    found = _current_header(raw)
    lines = _task_lines(raw, count) if found is not None else None
    found_sprint = SPRINT_LINE.fullmatch(raw.split(b"\n", 4)[3]) if lines is not None else None
    if lines is None or found_sprint is None:
        return None
    sprint = found_sprint[1]
    try:
        read = None if sprint == b"null" else Sprint.model_validate_json(sprint)
    except ValidationError:
        return None
    return SprintLines(int(found[2]), read, lines)


def _task_lines(raw: bytes, count: int) -> list[bytes] | None:
    """The lines of the `count` tasks of `raw`, one a line as `SprintEncoder` writes them;
    None when the file has fewer lines."""
    lines = raw.split(b"\n", TASK_LINES_START + count)[TASK_LINES_START : TASK_LINES_START + count]
    return lines if len(lines) == count else None


def task_from_line(line: bytes, task_id: str) -> Task | None:
    """The task `task_id` validated in full from its line in the file; None when the line
    holds another task or is not valid."""
    try:
        task = Task.model_validate_json(line.strip().removesuffix(b","))
    except ValidationError:
        return None
    return task if task.id == task_id else None


def _refuse_repeated_ids(ids: list[str]) -> None:
    repeated = first_repeated(ids)
    if repeated is not None:
        raise ValueError(f"task id {repeated!r} is used twice")


def _from_legacy(document: Document) -> Document:
    """Version 0 → 1: the file kept no ``last_seq`` (it predates the log, so nothing of the
    log is applied yet) and wrote statuses as ``"in progress"`` / ``"in-review"`` / ``"done"``."""
    migrated = {"sprint": None, "tasks": [], **document}
    migrated.setdefault("last_seq", 0)
    tasks = migrated.get("tasks")
    if isinstance(tasks, list):
        migrated["tasks"] = [_legacy_task(task) for task in tasks]
    return migrated


def _legacy_task(task: object) -> object:
    if not isinstance(task, dict) or not isinstance(task.get("status"), str):
        return task
    status = task["status"].strip().upper().replace(" ", "_").replace("-", "_")
    return {**task, "status": status}


def _from_always_current(document: Document) -> Document:
    """Version 1 → 2: the content is the same. A version 1 file was rewritten on every
    change; a version 2 file may lag the log, which an older stackcrew would not know to
    apply, so it refuses the newer version instead of showing a stale board."""
    return document


SPRINT_FORMAT = FileFormat(
    model=SprintFile,
    migrations=(_from_legacy, _from_always_current),
    repair_hint=(
        "fix the file by hand, or run `orchestrate state rebuild` to restore it from the log "
        "(stackcrew left it untouched)"
    ),
)


HEADER = re.compile(rb'\A\{\n  "version": (\d+),\n  "last_seq": (\d+),\n')
SPRINT_LINE = re.compile(rb'  "sprint": (.*),')
TASK_LINES_START = 5  # after "{", version, last_seq, sprint and "tasks": [


def load_sprint(path: Path, shown: str) -> SprintFile:
    return load_file(path, shown, SPRINT_FORMAT)


def load_heads(raw: bytes) -> SprintHeads | None:
    """The heads of a current-version file as `SprintEncoder` wrote it; None when the file
    is shaped otherwise or not valid (`load_sprint` then says why)."""
    if _current_header(raw) is None:
        return None
    try:
        return SprintHeads.from_encoded(raw)
    except ValidationError:
        return None


def _current_header(raw: bytes) -> re.Match[bytes] | None:
    """The header of a current-version file as `SprintEncoder` writes it (groups: version,
    last_seq), or None."""
    found = HEADER.match(raw)
    return found if found is not None and int(found[1]) == SPRINT_FORMAT.version else None


def peek_last_seq(path: Path) -> int | None:
    """The `last_seq` of a current-version file as `SprintEncoder` wrote it, read from its
    first bytes; None when the file is missing or shaped otherwise (load it whole then)."""
    try:
        with open(path, "rb") as snapshot:
            head = snapshot.read(128)
    except FileNotFoundError:
        return None
    found = _current_header(head)
    return None if found is None else int(found[2])


class SprintEncoder:
    """Encodes `SprintFile`s one task a line, reusing the line of every task that is the very
    object it encoded last time at the same position (the projection replaces a task object
    whenever the task changes, and appends new tasks at the end)."""

    def __init__(self) -> None:
        self._tasks: list[Task] = []
        self._lines: list[bytes] = []

    def encode(self, state: SprintFile) -> bytes:
        lines = self._task_lines(state.tasks)
        self._tasks, self._lines = list(state.tasks), lines
        sprint = state.sprint.model_dump_json().encode() if state.sprint else b"null"
        head = b'{\n  "version": %d,\n  "last_seq": %d,\n  "sprint": %s,\n  "tasks": ' % (
            state.version,
            state.last_seq,
            sprint,
        )
        if not lines:
            return head + b"[]\n}\n"
        return head + b"[\n    " + b",\n    ".join(lines) + b"\n  ]\n}\n"

    def _task_lines(self, tasks: list[Task]) -> list[bytes]:
        reused = [
            line if task is old else task.model_dump_json().encode()
            for task, old, line in zip(tasks, self._tasks, self._lines, strict=False)
        ]
        return reused + [task.model_dump_json().encode() for task in tasks[len(reused) :]]


def save_sprint(path: Path, state: SprintFile, encoder: SprintEncoder) -> None:
    write_atomic(path, encoder.encode(state))
