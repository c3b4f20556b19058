"""The sprint file as the projection of the log: roll-forward, `check` and `rebuild`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from project_state.errors import StateFileError
from project_state.projection import replay
from project_state.store import ProjectState


def log_path(state: ProjectState) -> Path:
    return state.dir / "task-log.jsonl"


def sprint_path(state: ProjectState) -> Path:
    return state.dir / "current-sprint.json"


def append_by_hand(state: ProjectState, event: str, task: str | None, data: dict) -> int:
    """What a writer that died between its append and its replace leaves behind."""
    seq = state.events().events[-1].seq + 1
    line = {"seq": seq, "ts": "2030-01-01T00:00:00Z", "run_id": None, "task": task,
            "agent": None, "mode": None, "event": event, "data": data}  # fmt: skip
    with open(log_path(state), "a") as log:
        log.write(json.dumps(line) + "\n")
    return seq


def assert_in_sync(state: ProjectState) -> None:
    events = state.events().events
    snapshot = state.snapshot()
    assert state.check() == []
    assert state.sprint() == replay(events)
    assert snapshot == replay([event for event in events if event.seq <= snapshot.last_seq])


@pytest.mark.parametrize("same_store", [True, False])
def test_readers_and_the_next_change_see_an_event_the_snapshot_lacks(
    sprinting: ProjectState, same_store: bool
) -> None:
    seq = append_by_hand(sprinting, "task_status", "TASK-001", {"status": "IN_PROGRESS"})
    assert sprinting.snapshot().last_seq < seq
    assert sprinting.sprint().last_seq == seq
    assert ProjectState(sprinting.paths.root).task("TASK-001").status == "IN_PROGRESS"
    store = sprinting if same_store else ProjectState(sprinting.paths.root)
    # Refused from TODO, allowed from IN_PROGRESS: passes only with the logged event applied.
    assert store.move_task("TASK-001", "IN_REVIEW").status == "IN_REVIEW"
    assert store.sprint().last_seq == seq + 1
    assert_in_sync(store)


def test_a_change_that_changes_nothing_logs_nothing(sprinting: ProjectState) -> None:
    append_by_hand(sprinting, "task_status", "TASK-001", {"status": "IN_PROGRESS"})
    before = len(sprinting.events().events)
    assert sprinting.move_task("TASK-001", "IN_PROGRESS").status == "IN_PROGRESS"  # a no-op
    assert len(sprinting.events().events) == before
    assert_in_sync(sprinting)


def test_a_snapshot_behind_the_log_is_no_drift_and_roll_forward_writes_it(
    sprinting: ProjectState,
) -> None:
    seq = append_by_hand(sprinting, "task_updated", "TASK-001", {"branch": "fastapi/1-post"})
    assert sprinting.check() == []
    assert sprinting.snapshot().tasks[0].branch is None
    assert sprinting.roll_forward().tasks[0].branch == "fastapi/1-post"
    assert sprinting.snapshot().last_seq == seq
    assert sprinting.snapshot().tasks[0].branch == "fastapi/1-post"
    assert_in_sync(sprinting)


def test_the_snapshot_is_rewritten_every_so_many_events(state: ProjectState) -> None:
    store = ProjectState(state.paths.root, snapshot_every=3)
    store.new_issue("Posts")
    store.start_sprint("S", "g", date(2026, 1, 1), date(2026, 1, 14))
    store.add_task(issue=1, agent="qa", title="first")
    assert store.snapshot().last_seq == 0
    store.record("usage", data={"tokens": 1})
    assert store.snapshot().last_seq == 3
    assert store.snapshot() == store.sprint() == replay(store.events().events)


def test_events_that_do_not_change_the_sprint_are_no_gap(sprinting: ProjectState) -> None:
    append_by_hand(sprinting, "usage", None, {"tokens": 10})
    assert sprinting.check() == []
    sprinting.move_task("TASK-001", "IN_PROGRESS")
    assert_in_sync(sprinting)


def test_check_finds_a_hand_edit_and_rebuild_restores_the_file(sprinting: ProjectState) -> None:
    sprinting.move_task("TASK-001", "IN_PROGRESS")
    sprinting.roll_forward()
    edited = sprint_path(sprinting).read_text().replace('"IN_PROGRESS"', '"DONE"')
    sprint_path(sprinting).write_text(edited)
    problems = sprinting.check()
    drift = "TASK-001.status is 'DONE' but the log says 'IN_PROGRESS'"
    assert problems == [f"project_state/current-sprint.json: {drift}"]
    rebuilt = sprinting.rebuild()
    assert rebuilt.tasks[0].status == "IN_PROGRESS"
    assert (sprinting.dir / "current-sprint.json.bak").read_text() == edited
    assert_in_sync(sprinting)


def test_check_finds_missing_and_extra_tasks(sprinting: ProjectState) -> None:
    document = json.loads(sprint_path(sprinting).read_text())
    document["tasks"][0]["id"] = "TASK-001-ghost"
    sprint_path(sprinting).write_text(json.dumps(document))
    problems = sprinting.check()
    assert any("TASK-001-ghost is not in the log's sprint" in p for p in problems)
    assert any("TASK-001 is missing" in p for p in problems)


def test_rebuild_restores_a_sprint_file_that_no_longer_parses(sprinting: ProjectState) -> None:
    sprinting.move_task("TASK-001", "IN_PROGRESS")
    expected = sprinting.sprint()
    sprint_path(sprinting).write_text("{ not json")
    assert any("invalid JSON" in problem for problem in sprinting.check())
    assert ProjectState(sprinting.paths.root).rebuild() == expected
    assert_in_sync(sprinting)


def test_a_sprint_ahead_of_its_log_is_refused(sprinting: ProjectState) -> None:
    document = json.loads(sprint_path(sprinting).read_text())
    document["last_seq"] = 99
    sprint_path(sprinting).write_text(json.dumps(document))
    original = sprint_path(sprinting).read_bytes()
    with pytest.raises(StateFileError, match="last_seq is 99 but the log ends at seq 2") as ahead:
        sprinting.move_task("TASK-001", "IN_PROGRESS")
    assert "orchestrate state rebuild" in (ahead.value.hint or "")
    assert sprint_path(sprinting).read_bytes() == original
    assert sprinting.check() == [
        "project_state/current-sprint.json: last_seq is 99 but the log ends at seq 2"
    ]
    sprinting.rebuild()
    assert_in_sync(sprinting)


def test_an_event_that_cannot_be_applied_is_named_and_nothing_written(
    sprinting: ProjectState,
) -> None:
    seq = append_by_hand(sprinting, "task_status", "TASK-404", {"status": "DONE"})
    sprint_before = sprint_path(sprinting).read_bytes()
    with pytest.raises(StateFileError) as bad:
        sprinting.move_task("TASK-001", "IN_PROGRESS")
    assert bad.value.message.startswith(f"project_state/task-log.jsonl: event seq {seq}:")
    assert "TASK-404" in bad.value.message
    assert sprint_path(sprinting).read_bytes() == sprint_before
    assert any(f"event seq {seq}" in problem for problem in sprinting.check())
    with pytest.raises(StateFileError):
        sprinting.rebuild()
    assert sprint_path(sprinting).read_bytes() == sprint_before


def test_check_notices_seqs_that_do_not_count_up(sprinting: ProjectState) -> None:
    line = log_path(sprinting).read_bytes().splitlines()[-1]
    with open(log_path(sprinting), "ab") as log:
        log.write(line.replace(b'"seq":2', b'"seq":7') + b"\n")
    assert any("seq 7 follows seq 2" in problem for problem in sprinting.check())


def test_a_transition_on_a_big_sprint_reads_only_the_end_of_the_log(state: ProjectState) -> None:
    state.new_issue("Big")
    state.start_sprint("Big", "g", date(2026, 1, 1), date(2026, 1, 14))
    for n in range(40):
        state.add_task(issue=None, agent="qa", title=f"task {n}", suffix=f"t{n}")
    lines = log_path(state).read_bytes().splitlines(keepends=True)
    lines[5] = b"this line would break a full replay\n"
    log_path(state).write_bytes(b"".join(lines))
    assert state.move_task("TASK-t39", "IN_PROGRESS").status == "IN_PROGRESS"
    with pytest.raises(StateFileError, match="task-log.jsonl:6:1"):
        state.events()
