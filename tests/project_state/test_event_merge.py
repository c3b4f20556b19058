"""`state merge`: folding logs written in other clones into this one, by event id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from project_state.store import ProjectState
from tests.orchestrator.cli.cli_runner import orchestrate


def clone(state: ProjectState, where: Path) -> ProjectState:
    """Another checkout of the same state, as a CI job or a colleague would have it."""
    shutil.copytree(state.dir, where / "project_state")
    return ProjectState(where)


def statuses_in_log(state: ProjectState) -> dict[str, list[str]]:
    moves: dict[str, list[str]] = {}
    for event in state.events().events:
        if event.event == "task_status":
            moves.setdefault(event.task or "", []).append(event.data["status"])
    return moves


@pytest.fixture
def two_tasks(sprinting: ProjectState) -> ProjectState:
    sprinting.new_issue("Tags")
    sprinting.add_task(issue=2, agent="database", title="Tag model")
    return sprinting


def test_a_clone_s_events_are_added_once(two_tasks: ProjectState, tmp_path: Path) -> None:
    other = clone(two_tasks, tmp_path / "job")
    other.move_task("TASK-001", "IN_PROGRESS")
    other.record("commit", task="TASK-001", data={"sha": "abc1234"})
    other.move_task("TASK-001", "IN_REVIEW")
    report = two_tasks.merge_events([other.paths.log])
    assert (report.added, report.conflicts) == (3, [])
    assert two_tasks.task("TASK-001").status == "IN_REVIEW"
    assert two_tasks.snapshot() == two_tasks.sprint()  # the sprint file was rebuilt
    ids = [event.id for event in two_tasks.events().events]
    assert len(ids) == len(set(ids))
    assert [e.seq for e in two_tasks.events().events] == list(range(1, len(ids) + 1))
    before = two_tasks.paths.log.read_bytes()
    again = two_tasks.merge_events([other.paths.log, other.paths.log])
    assert (again.added, again.conflicts) == (0, [])
    assert two_tasks.paths.log.read_bytes() == before
    assert two_tasks.check() == []


def test_every_clone_s_moves_arrive_in_their_order(two_tasks: ProjectState, tmp_path: Path) -> None:
    first, second = clone(two_tasks, tmp_path / "a"), clone(two_tasks, tmp_path / "b")
    for status in ("IN_PROGRESS", "BLOCKED", "IN_PROGRESS", "IN_REVIEW"):
        first.move_task("TASK-001", status, reason="waiting" if status == "BLOCKED" else None)
    for status in ("IN_PROGRESS", "IN_REVIEW", "DONE"):
        second.move_task("TASK-002", status)
    two_tasks.merge_events([second.paths.log, first.paths.log])
    merged = statuses_in_log(two_tasks)
    assert merged["TASK-001"] == statuses_in_log(first)["TASK-001"]
    assert merged["TASK-002"] == statuses_in_log(second)["TASK-002"]
    assert {t.id: t.status for t in two_tasks.sprint().tasks} == {
        "TASK-001": "IN_REVIEW", "TASK-002": "DONE",
    }  # fmt: skip


def test_a_task_moved_two_ways_is_a_conflict_and_nothing_changes(
    two_tasks: ProjectState, tmp_path: Path
) -> None:
    other = clone(two_tasks, tmp_path / "job")
    other.move_task("TASK-001", "IN_PROGRESS")
    other.move_task("TASK-002", "IN_PROGRESS")
    two_tasks.move_task("TASK-001", "BLOCKED", reason="moved here too")
    log, sprint = two_tasks.paths.log.read_bytes(), two_tasks.paths.sprint.read_bytes()
    done = orchestrate("state", "merge", other.paths.log, "--project", two_tasks.paths.root)
    assert done.exit_code == 1
    assert "TASK-001 was moved two ways" in done.stdout and "TASK-002" not in done.stdout
    assert two_tasks.paths.log.read_bytes() == log
    assert two_tasks.paths.sprint.read_bytes() == sprint


def test_the_command_says_what_it_merged(two_tasks: ProjectState, tmp_path: Path) -> None:
    other = clone(two_tasks, tmp_path / "job")
    other.move_task("TASK-002", "IN_PROGRESS")
    done = orchestrate("state", "merge", other.paths.log, "--project", two_tasks.paths.root)
    assert done.exit_code == 0, done.output
    assert "merged 1 new events from 1 file(s)" in done.stdout
    assert "rebuilt current-sprint.json: 2 tasks" in done.stdout


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"v": 2, "id": "a-1", "seq": 1}\n', "job.jsonl:1"),
        (b"not json\n", "job.jsonl:1"),
        (b'{"v": 2, "id": "a-1"', "the last line is torn"),
    ],
)
def test_a_bad_file_is_refused_with_its_line(
    two_tasks: ProjectState, tmp_path: Path, content: bytes, problem: str
) -> None:
    bad = tmp_path / "job.jsonl"
    bad.write_bytes(content)
    log = two_tasks.paths.log.read_bytes()
    done = orchestrate("state", "merge", bad, "--project", two_tasks.paths.root)
    assert done.exit_code == 2
    assert problem in done.stderr
    assert two_tasks.paths.log.read_bytes() == log


def test_a_missing_file_is_named(two_tasks: ProjectState, tmp_path: Path) -> None:
    done = orchestrate("state", "merge", tmp_path / "nowhere.jsonl", "--project", tmp_path)
    assert done.exit_code == 2
    assert "nowhere.jsonl: no such file" in done.stderr


def test_events_of_a_task_added_elsewhere_need_that_task(
    two_tasks: ProjectState, tmp_path: Path
) -> None:
    other = clone(two_tasks, tmp_path / "job")
    other.new_issue("Comments")
    other.add_task(issue=3, agent="database", title="Comment model")
    other.move_task("TASK-003", "IN_PROGRESS")
    lines = other.paths.log.read_bytes().splitlines(keepends=True)
    without_add = b"".join(
        line for line in lines if b'"task_added"' not in line or b"TASK-003" not in line
    )
    partial = tmp_path / "partial.jsonl"
    partial.write_bytes(without_add)
    done = orchestrate("state", "merge", partial, "--project", two_tasks.paths.root)
    assert done.exit_code == 2
    assert "nothing was written" in done.stderr
    assert json.loads(two_tasks.paths.log.read_bytes().splitlines()[-1])["event"] != "task_status"
