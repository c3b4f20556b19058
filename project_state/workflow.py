"""Which status a task may move to next.

    TODO         → IN_PROGRESS | BLOCKED
    IN_PROGRESS  → IN_REVIEW | DONE | BLOCKED | TODO
    IN_REVIEW    → DONE | IN_PROGRESS | BLOCKED
    BLOCKED      → TODO | IN_PROGRESS
    DONE         → IN_PROGRESS            (reopen)

Moving a task to the status it already has is allowed and changes nothing. The rules guard
new moves only: replaying the log applies whatever the log says.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import TypeAdapter, ValidationError

from project_state.errors import Refusal, StackcrewError
from project_state.sprint_file import TASK_STATUSES, SprintFile, Task, TaskStatus

NEXT_STATUSES: dict[TaskStatus, tuple[TaskStatus, ...]] = {
    "TODO": ("IN_PROGRESS", "BLOCKED"),
    "IN_PROGRESS": ("IN_REVIEW", "DONE", "BLOCKED", "TODO"),
    "IN_REVIEW": ("DONE", "IN_PROGRESS", "BLOCKED"),
    "BLOCKED": ("TODO", "IN_PROGRESS"),
    "DONE": ("IN_PROGRESS",),
}

_STATUS = TypeAdapter(TaskStatus)


def parse_status(value: str) -> TaskStatus:
    """`value` as a task status, or an error listing the statuses there are."""
    try:
        return _STATUS.validate_python(value)
    except ValidationError:
        raise StackcrewError(
            f"{value!r} is not a task status; expected one of {', '.join(TASK_STATUSES)}"
        ) from None


def check_move(task: Task, status: TaskStatus, reason: str | None) -> None:
    """Refuse a move the workflow does not allow, or a block without a reason."""
    allowed = NEXT_STATUSES[task.status]
    if status != task.status and status not in allowed:
        raise Refusal(
            f"{task.id} is {task.status}; it can move to {' or '.join(allowed)}, not {status}",
            hint=_route_hint(task.status, status),
        )
    if status == "BLOCKED" and not (reason and reason.strip()):
        raise Refusal(
            f"moving {task.id} to BLOCKED needs a reason",
            hint="say what blocks it, so whoever picks it up knows what to unblock",
        )


def check_dependencies(state: SprintFile, task_id: str, depends_on: Sequence[str]) -> None:
    """A task depends only on tasks the sprint holds, and never on itself."""
    if task_id in depends_on:
        raise Refusal(f"task {task_id} cannot depend on itself")
    missing = [dep for dep in depends_on if state.find(dep) is None]
    if missing:
        raise Refusal(
            f"{task_id} depends on {', '.join(missing)}, which the sprint does not hold",
            hint="add those tasks first",
        )


def _route_hint(current: TaskStatus, wanted: TaskStatus) -> str | None:
    via = [step for step in NEXT_STATUSES[current] if wanted in NEXT_STATUSES[step]]
    if not via:
        return None
    return f"move it to {via[0]} first, then to {wanted}"
