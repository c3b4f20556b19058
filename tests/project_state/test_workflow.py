"""Task transitions through the store: what is allowed, what is refused, what is kept."""

from __future__ import annotations

import pytest

from orchestrator.cli.common import exit_code_for
from project_state.errors import Refusal, StackcrewError
from project_state.store import ProjectState
from project_state.workflow import NEXT_STATUSES

TASK = "TASK-001"
ALLOWED = [(start, end) for start, ends in NEXT_STATUSES.items() for end in ends]
REFUSED = [
    (start, end)
    for start in NEXT_STATUSES
    for end in NEXT_STATUSES
    if end != start and end not in NEXT_STATUSES[start]
]
# A way to bring TASK-001 from TODO to each status along allowed moves.
ROUTE = {
    "TODO": [],
    "IN_PROGRESS": ["IN_PROGRESS"],
    "IN_REVIEW": ["IN_PROGRESS", "IN_REVIEW"],
    "DONE": ["IN_PROGRESS", "DONE"],
    "BLOCKED": ["BLOCKED"],
}


def bring_to(state: ProjectState, status: str) -> None:
    for step in ROUTE[status]:
        state.move_task(TASK, step, reason="waiting on review" if step == "BLOCKED" else None)


def test_the_documented_transition_table() -> None:
    assert NEXT_STATUSES == {
        "TODO": ("IN_PROGRESS", "BLOCKED"),
        "IN_PROGRESS": ("IN_REVIEW", "DONE", "BLOCKED", "TODO"),
        "IN_REVIEW": ("DONE", "IN_PROGRESS", "BLOCKED"),
        "BLOCKED": ("TODO", "IN_PROGRESS"),
        "DONE": ("IN_PROGRESS",),
    }


@pytest.mark.parametrize(("start", "end"), ALLOWED)
def test_allowed_moves_are_applied_and_logged(
    sprinting: ProjectState, start: str, end: str
) -> None:
    bring_to(sprinting, start)
    before = len(sprinting.events().events)
    moved = sprinting.move_task(
        TASK, end, reason="blocked by the schema" if end == "BLOCKED" else None
    )
    assert moved.status == end
    assert sprinting.task(TASK).status == end
    last = sprinting.events().events[-1]
    assert len(sprinting.events().events) == before + 1
    assert (last.event, last.task, last.data["status"]) == ("task_status", TASK, end)


@pytest.mark.parametrize(("start", "end"), REFUSED)
def test_other_moves_are_refused_naming_the_allowed_ones(
    sprinting: ProjectState, start: str, end: str
) -> None:
    bring_to(sprinting, start)
    before = sprinting.events().events
    with pytest.raises(Refusal) as refused:
        sprinting.move_task(TASK, end, reason="because")
    assert exit_code_for(refused.value) == 1
    for allowed in NEXT_STATUSES[start]:  # type: ignore[index]
        assert allowed in refused.value.message
    assert sprinting.events().events == before
    assert sprinting.task(TASK).status == start


def test_moving_to_the_same_status_logs_nothing(sprinting: ProjectState) -> None:
    bring_to(sprinting, "IN_PROGRESS")
    before = sprinting.events().events
    assert sprinting.move_task(TASK, "IN_PROGRESS").status == "IN_PROGRESS"
    assert sprinting.events().events == before


def test_blocking_needs_a_reason(sprinting: ProjectState) -> None:
    with pytest.raises(Refusal, match="needs a reason"):
        sprinting.move_task(TASK, "BLOCKED")
    with pytest.raises(Refusal, match="needs a reason"):
        sprinting.move_task(TASK, "BLOCKED", reason="  ")


def test_an_unknown_status_is_bad_input(sprinting: ProjectState) -> None:
    with pytest.raises(StackcrewError, match="not a task status") as error:
        sprinting.move_task(TASK, "done")  # type: ignore[arg-type]
    assert exit_code_for(error.value) == 2


def test_projection_keeps_the_timestamps_and_block_reason(sprinting: ProjectState) -> None:
    created = sprinting.task(TASK)
    assert created.started_at is None and created.completed_at is None
    started = sprinting.move_task(TASK, "IN_PROGRESS")
    assert started.started_at == started.updated_at > created.updated_at
    blocked = sprinting.move_task(TASK, "BLOCKED", reason="needs the users table")
    assert blocked.blocked_reason == "needs the users table"
    resumed = sprinting.move_task(TASK, "IN_PROGRESS")
    assert resumed.blocked_reason is None
    assert resumed.started_at == started.started_at  # the first start is kept
    done = sprinting.move_task(TASK, "DONE")
    assert done.completed_at == done.updated_at
    reopened = sprinting.move_task(TASK, "IN_PROGRESS")
    assert reopened.completed_at is None


def test_moves_record_who_did_them(sprinting: ProjectState) -> None:
    sprinting.move_task(TASK, "IN_PROGRESS", run_id="run-1", agent="qa", mode="EXECUTE")
    last = sprinting.events().events[-1]
    assert (last.run_id, last.agent, last.mode) == ("run-1", "qa", "EXECUTE")
    sprinting.move_task(TASK, "IN_REVIEW")
    assert sprinting.events().events[-1].agent == "fastapi"  # the task's own agent


def test_moving_an_unknown_task_names_nearby_ids(sprinting: ProjectState) -> None:
    sprinting.add_task(issue=1, agent="database", title="Post model", suffix="database")
    with pytest.raises(StackcrewError) as missing:
        sprinting.move_task("TASK-01", "IN_PROGRESS")
    assert "TASK-01" in missing.value.message
    assert "TASK-001" in missing.value.message
    assert "current-sprint.json" in missing.value.message
