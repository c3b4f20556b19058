"""The models of the three state files: round trips, formats, ids and timestamps."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError

from project_state.errors import StackcrewError
from project_state.project_file import FieldSpec, Issue, IssueSpec, Project
from project_state.sprint_file import Sprint, SprintEncoder, SprintFile, Task
from project_state.store import ProjectState
from project_state.task_ids import task_id_for
from project_state.task_log import Event

NOW = datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=UTC)


def make_task(task_id: str = "TASK-045", **changes: object) -> Task:
    fields: dict[str, object] = {
        "id": task_id,
        "issue": 45,
        "agent": "fastapi",
        "title": "Post endpoints",
        "created_at": NOW,
        "updated_at": NOW,
    }
    return Task.model_validate({**fields, **changes})


def test_project_round_trips_through_json() -> None:
    spec = IssueSpec(
        kind="resource",
        resource="post",
        fields=[
            FieldSpec(name="title", type="str", max_length=200),
            FieldSpec(name="published", type="bool", required=False, default=False),
            FieldSpec(name="author_id", type="int", references="users.id"),
        ],
    )
    issue = Issue(number=45, title="Add Post", labels=["backend"], spec=spec, created_at=NOW)
    project = Project(name="blog", next_issue=47, issues=[issue])
    assert Project.model_validate_json(project.model_dump_json()) == project


def test_field_spec_writes_only_keys_that_differ_from_defaults() -> None:
    written = json.loads(FieldSpec(name="body", type="text").model_dump_json())
    assert written == {"name": "body", "type": "text"}
    optional = FieldSpec(name="published", type="bool", required=False, default=False)
    assert json.loads(optional.model_dump_json()) == {
        "name": "published",
        "type": "bool",
        "required": False,
        "default": False,
    }


def test_models_refuse_unknown_keys() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Sprint.model_validate(
            {"id": "S", "name": "S", "start": "2026-01-01", "end": "2026-01-02", "owner": "x"}
        )


def test_project_refuses_duplicate_numbers_and_a_used_next_issue() -> None:
    issue = Issue(number=3, title="t", created_at=NOW)
    with pytest.raises(ValidationError, match="used twice"):
        Project(name="p", next_issue=9, issues=[issue, issue])
    with pytest.raises(ValidationError, match="next_issue"):
        Project(name="p", next_issue=3, issues=[issue])


def test_sprint_file_round_trips_through_the_encoder() -> None:
    sprint = Sprint(
        id="SPRINT-3", name="Sprint 3", start=date(2026, 11, 16), end=date(2026, 11, 29)
    )
    state = SprintFile(
        last_seq=12,
        sprint=sprint,
        tasks=[make_task(), make_task("TASK-045-database", status="BLOCKED", blocked_reason="x")],
    )
    encoded = SprintEncoder().encode(state)
    assert SprintFile.model_validate_json(encoded) == state
    assert encoded.count(b"\n    {") == 2  # one task a line


def test_encoder_reuses_unchanged_lines_and_sees_changed_ones() -> None:
    encoder = SprintEncoder()
    first = SprintFile(
        last_seq=0, sprint=None, tasks=[make_task("TASK-001"), make_task("TASK-002")]
    )
    encoder.encode(first)
    changed = first.tasks[1].model_copy(update={"title": "Renamed"})
    second = first.model_copy(update={"tasks": [first.tasks[0], changed, make_task("TASK-003")]})
    assert SprintFile.model_validate_json(encoder.encode(second)) == second


def test_sprint_refuses_to_end_before_it_starts() -> None:
    with pytest.raises(ValidationError, match="before it starts"):
        Sprint(id="S", name="S", start=date(2026, 2, 1), end=date(2026, 1, 1))


def test_sprint_file_refuses_duplicate_task_ids() -> None:
    with pytest.raises(ValidationError, match="used twice"):
        SprintFile(last_seq=0, sprint=None, tasks=[make_task(), make_task()])


def test_event_round_trips_and_keeps_the_documented_key_order() -> None:
    event = Event(seq=13, ts=NOW, task="TASK-045", event="task_status", data={"status": "DONE"})
    line = event.model_dump_json()
    assert Event.model_validate_json(line) == event
    assert list(json.loads(line)) == [
        "v",
        "id",
        "seq",
        "ts",
        "run_id",
        "task",
        "agent",
        "mode",
        "event",
        "data",
    ]


def test_timestamps_are_written_in_utc_with_z() -> None:
    plus_two = datetime(2026, 11, 22, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    task = make_task(created_at=plus_two)
    assert json.loads(task.model_dump_json())["created_at"] == "2026-11-22T10:00:00Z"
    assert json.loads(make_task().model_dump_json())["updated_at"] == "2026-11-22T10:00:00.123456Z"


def test_timestamps_without_a_zone_are_refused() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        make_task(created_at="2026-11-22T10:00:00")


@pytest.mark.parametrize(
    ("issue", "suffix", "expected"),
    [
        (45, None, "TASK-045"),
        (45, "database", "TASK-045-database"),
        (1234, None, "TASK-1234"),
        (7, "qa", "TASK-007-qa"),
        (None, "chore", "TASK-chore"),
    ],
)
def test_task_id_for(issue: int | None, suffix: str | None, expected: str) -> None:
    assert task_id_for(issue, suffix) == expected
    assert make_task(expected).id == expected


@pytest.mark.parametrize(
    ("issue", "suffix"), [(None, None), (0, None), (45, "Has Space"), (45, "9lives")]
)
def test_task_id_for_refuses_what_cannot_name_a_task(issue: int | None, suffix: str | None) -> None:
    with pytest.raises(StackcrewError):
        task_id_for(issue, suffix)


def test_state_files_after_init_match_the_documented_format(tmp_path: Path) -> None:
    state = ProjectState(tmp_path)
    state.init("blog")
    project = json.loads((tmp_path / "project_state" / "project.json").read_text())
    assert project == {"version": 1, "name": "blog", "next_issue": 1, "issues": []}
    sprint = json.loads((tmp_path / "project_state" / "current-sprint.json").read_text())
    assert sprint == {"version": 2, "last_seq": 0, "sprint": None, "tasks": []}
    assert (tmp_path / "project_state" / "task-log.jsonl").read_bytes() == b""
    assert state.exists()
