"""Reading the JSON state files: versions, migrations, and errors that point at the place."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from orchestrator.cli.common import exit_code_for
from project_state.errors import StateFileError, UnknownVersionError
from project_state.json_position import format_key_path, value_position
from project_state.store import ProjectState

DATES = (date(2026, 1, 1), date(2026, 1, 14))
LEGACY_PROJECT = {
    "name": "blog",
    "issues": [
        {"id": 4, "title": "Add Post", "created_at": "2026-11-16T09:00:00Z"},
        {"id": 9, "title": "Add Comment", "status": "closed", "created_at": "2026-11-16T09:00:00Z",
         "closed_at": "2026-11-18T09:00:00Z"},
    ],
}  # fmt: skip
LEGACY_SPRINT = {
    "sprint": {"id": "SPRINT-1", "name": "Sprint 1", "start": "2026-11-16", "end": "2026-11-29"},
    "tasks": [
        {"id": "TASK-004", "issue": 4, "agent": "fastapi", "title": "Endpoints",
         "status": "in progress", "created_at": "2026-11-16T09:00:00Z",
         "updated_at": "2026-11-16T09:00:00Z"},
        {"id": "TASK-004-qa", "issue": 4, "agent": "qa", "title": "Tests", "status": "in-review",
         "created_at": "2026-11-16T09:00:00Z", "updated_at": "2026-11-16T09:00:00Z"},
    ],
}  # fmt: skip


def write(path: Path, text: str) -> bytes:
    path.write_text(text)
    return path.read_bytes()


def project_path(state: ProjectState) -> Path:
    return state.dir / "project.json"


def sprint_path(state: ProjectState) -> Path:
    return state.dir / "current-sprint.json"


def test_a_legacy_project_file_migrates_to_version_1(state: ProjectState) -> None:
    write(project_path(state), json.dumps(LEGACY_PROJECT))
    project = state.project()
    assert project.version == 1
    assert [issue.number for issue in project.issues] == [4, 9]
    assert project.next_issue == 10
    assert state.issue(9).status == "closed"


def test_a_long_list_reads_only_a_current_file_by_its_heads(state: ProjectState) -> None:
    issue = LEGACY_PROJECT["issues"][0]
    legacy = {"name": "blog", "issues": [{**issue, "id": n} for n in range(1, 61)]}
    write(project_path(state), json.dumps(legacy))
    assert state.issue_listing("open", 50) is None  # the whole read migrates it
    assert len(state.project().issues) == 60
    state.new_issue("Saved in the current version")
    shown, total = state.issue_listing("open", 50) or ([], 0)
    assert [i.number for i in shown] == list(range(12, 62)) and total == 61
    assert state.issue_listing("closed", 50) == ([], 0)
    saved = json.loads(project_path(state).read_text())
    write(project_path(state), json.dumps(saved, indent=4))  # valid, but shaped by hand
    assert state.issue_listing("open", 50) is None


def test_a_migrated_project_is_saved_in_the_new_format_on_the_next_change(
    state: ProjectState,
) -> None:
    legacy = write(project_path(state), json.dumps(LEGACY_PROJECT))
    state.project()
    assert project_path(state).read_bytes() == legacy  # reading never writes
    assert state.new_issue("Next").number == 10
    saved = json.loads(project_path(state).read_text())
    assert saved["version"] == 1 and saved["next_issue"] == 11
    assert [issue["number"] for issue in saved["issues"]] == [4, 9, 10]
    assert all("id" not in issue for issue in saved["issues"])


def test_a_legacy_sprint_file_migrates_to_the_current_version(state: ProjectState) -> None:
    write(sprint_path(state), json.dumps(LEGACY_SPRINT))
    sprint = state.sprint()
    assert (sprint.version, sprint.last_seq) == (2, 0)
    assert [task.status for task in sprint.tasks] == ["IN_PROGRESS", "IN_REVIEW"]
    moved = state.move_task("TASK-004", "IN_REVIEW")
    assert moved.status == "IN_REVIEW"
    saved = json.loads(sprint_path(state).read_text())  # the first change rewrites it
    assert (saved["version"], saved["last_seq"]) == (2, 1)


def test_a_version_1_sprint_file_and_log_read_and_gain_the_new_fields(state: ProjectState) -> None:
    tasks = [{**task, "status": "IN_PROGRESS"} for task in LEGACY_SPRINT["tasks"]]
    document = {**LEGACY_SPRINT, "tasks": tasks, "version": 1, "last_seq": 1}
    write(sprint_path(state), json.dumps(document))
    old_line = {"seq": 1, "ts": "2026-11-16T09:00:00Z", "run_id": None, "task": None,
                "agent": None, "mode": None, "event": "run_started", "data": {}}  # fmt: skip
    write(state.dir / "task-log.jsonl", json.dumps(old_line) + "\n")
    assert state.sprint().version == 2
    [old] = state.events().events
    assert (old.v, old.id) == (1, "v1-1-20261116T090000000000Z")
    new = state.move_task("TASK-004", "IN_REVIEW")
    assert new.status == "IN_REVIEW"
    [_, logged] = state.events().events
    assert logged.v == 2 and logged.id != old.id
    assert json.loads(sprint_path(state).read_text())["version"] == 2


def test_version_0_written_out_also_migrates(state: ProjectState) -> None:
    write(project_path(state), json.dumps({**LEGACY_PROJECT, "version": 0}))
    assert state.project().next_issue == 10


@pytest.mark.parametrize("file", ["project.json", "current-sprint.json"])
def test_a_newer_version_is_refused_and_the_file_left_untouched(
    state: ProjectState, file: str
) -> None:
    path = state.dir / file
    document = json.loads(path.read_text())
    original = write(path, json.dumps({**document, "version": 7}, indent=2))
    with pytest.raises(UnknownVersionError) as newer:
        state.project() if file == "project.json" else state.sprint()
    assert exit_code_for(newer.value) == 2
    assert f"project_state/{file}:2:" in newer.value.message
    assert "version 7" in newer.value.message
    assert "upgrade" in (newer.value.hint or "")
    with pytest.raises(UnknownVersionError):
        state.new_issue("x") if file == "project.json" else state.start_sprint("S", "g", *DATES)
    with pytest.raises(UnknownVersionError):
        state.rebuild() if file == "current-sprint.json" else state.close_issue(1)
    assert path.read_bytes() == original


def test_a_version_that_is_not_a_number_is_a_file_error(state: ProjectState) -> None:
    write(project_path(state), '{"version": "1.0", "name": "blog"}')
    with pytest.raises(StateFileError, match=r"project.json:1:13: `version` must be a whole"):
        state.project()


def test_malformed_json_names_the_file_line_and_column(state: ProjectState) -> None:
    original = write(
        project_path(state), '{\n  "version": 1,\n  "name": "blog"\n  "issues": []\n}\n'
    )
    with pytest.raises(StateFileError) as broken:
        state.project()
    assert broken.value.message.startswith("project_state/project.json:4:3: invalid JSON")
    assert (broken.value.line, broken.value.column) == (4, 3)
    assert "by hand" in (broken.value.hint or "")
    with pytest.raises(StateFileError):
        state.new_issue("x")
    assert project_path(state).read_bytes() == original


def test_a_malformed_sprint_points_to_rebuild(state: ProjectState) -> None:
    original = write(sprint_path(state), '{"version": 1, "last_seq": 0, "tasks": [}')
    with pytest.raises(StateFileError, match=r"current-sprint.json:1:\d+: invalid JSON") as err:
        state.sprint()
    assert "orchestrate state rebuild" in (err.value.hint or "")
    with pytest.raises(StateFileError):
        state.start_sprint("S", "g", *DATES)
    assert sprint_path(state).read_bytes() == original


def test_an_empty_or_non_object_file_is_named(state: ProjectState) -> None:
    write(project_path(state), "")
    with pytest.raises(StateFileError, match="project.json: the file is empty"):
        state.project()
    write(project_path(state), "[1, 2]")
    with pytest.raises(StateFileError, match="project.json:1:1: expected a JSON object"):
        state.project()


def test_a_schema_error_names_the_key_path_and_the_place(sprinting: ProjectState) -> None:
    for _ in range(3):
        sprinting.add_task(issue=1, agent="qa", title="t", suffix=f"q{_}")
    sprinting.roll_forward()
    text = sprint_path(sprinting).read_text()
    lines = text.splitlines()
    bad_line = next(i for i, line in enumerate(lines) if "TASK-001-q2" in line)
    lines[bad_line] = lines[bad_line].replace('"status":"TODO"', '"status":"DOING"')
    original = write(sprint_path(sprinting), "\n".join(lines) + "\n")
    with pytest.raises(StateFileError) as wrong:
        ProjectState(sprinting.paths.root).sprint()
    message = wrong.value.message
    column = lines[bad_line].index('"DOING"') + 1
    assert message.startswith(f"project_state/current-sprint.json:{bad_line + 1}:{column}: ")
    assert "tasks[3].status" in message and "'DOING'" in message and "TODO" in message
    with pytest.raises(StateFileError):
        ProjectState(sprinting.paths.root).move_task("TASK-001", "IN_PROGRESS")
    assert sprint_path(sprinting).read_bytes() == original


def test_a_missing_or_unknown_key_is_named(state: ProjectState) -> None:
    write(project_path(state), '{"version": 1, "next_issue": 1, "issues": []}')
    with pytest.raises(StateFileError, match="project.json:1:1: name: required key is missing"):
        state.project()
    write(project_path(state), '{"version": 1, "name": "b", "next_issue": 1, "issues": [], "x": 0}')
    with pytest.raises(StateFileError, match="project.json:1:65: x: unknown key"):
        state.project()


def test_a_current_sprint_file_must_say_how_much_of_the_log_it_holds(state: ProjectState) -> None:
    original = write(sprint_path(state), '{"version": 1, "sprint": null, "tasks": []}')
    with pytest.raises(StateFileError, match="current-sprint.json:1:1: last_seq: required key"):
        state.sprint()
    assert sprint_path(state).read_bytes() == original


def test_value_position_follows_the_key_path() -> None:
    text = '{"a": [1, {"b": [true, {"c": "x"}]}], "d": {}}'
    assert value_position(text, ("a", 1, "b", 1, "c")) == (1, 30)
    assert value_position(text, ("d", "missing")) == (1, 44)
    assert value_position(text, ("a", 9)) == (1, 7)
    assert format_key_path(("tasks", 3, "status")) == "tasks[3].status"
    assert format_key_path(()) == "(top level)"
