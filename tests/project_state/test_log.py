"""`task-log.jsonl`: torn tails are tolerated, reported and cut; other bad lines are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from project_state.errors import StateFileError
from project_state.store import ProjectState

FRAGMENT = b'{"seq":3,"ts":"2026-11-22T10:00:00Z","run_id":null,"task":"TA'


def log_path(state: ProjectState) -> Path:
    return state.dir / "task-log.jsonl"


def append_raw(state: ProjectState, data: bytes) -> None:
    with open(log_path(state), "ab") as log:
        log.write(data)


def test_a_torn_tail_is_reported_and_the_events_before_it_still_read(
    sprinting: ProjectState,
) -> None:
    before = sprinting.events().events
    append_raw(sprinting, FRAGMENT)
    read = sprinting.events()
    assert read.events == before
    assert read.torn is not None
    assert (read.torn.line, read.torn.data, read.torn.size) == (3, FRAGMENT, len(FRAGMENT))
    assert read.torn.offset == log_path(sprinting).stat().st_size - len(FRAGMENT)
    assert sprinting.sprint().last_seq == 2  # reads still work
    assert any("task-log.jsonl:3: the last line is torn" in p for p in sprinting.check())


def test_the_next_append_keeps_the_torn_tail_aside_and_cuts_it(sprinting: ProjectState) -> None:
    clean = log_path(sprinting).read_bytes()
    append_raw(sprinting, FRAGMENT)
    moved = sprinting.move_task("TASK-001", "IN_PROGRESS")
    assert moved.status == "IN_PROGRESS"
    assert (sprinting.dir / "task-log.jsonl.torn").read_bytes() == FRAGMENT + b"\n"
    log = log_path(sprinting).read_bytes()
    assert log.startswith(clean) and FRAGMENT not in log
    read = sprinting.events()
    assert read.torn is None
    assert [event.seq for event in read.events] == [1, 2, 3]
    assert sprinting.check() == []


def test_a_torn_tail_is_also_cut_before_a_recorded_event(sprinting: ProjectState) -> None:
    append_raw(sprinting, b'{"seq":3,"ts"')
    sprinting.record("run_started", run_id="run-1")
    append_raw(sprinting, b'{"se')
    sprinting.record("run_finished", run_id="run-1")
    assert (sprinting.dir / "task-log.jsonl.torn").read_bytes() == b'{"seq":3,"ts"\n{"se\n'
    assert [e.event for e in sprinting.events().events][-2:] == ["run_started", "run_finished"]


def test_a_malformed_line_before_the_last_is_an_error_naming_the_line(
    sprinting: ProjectState,
) -> None:
    lines = log_path(sprinting).read_bytes().splitlines(keepends=True)
    lines[1] = b'{"seq": 2, "ts": oops}\n'
    log_path(sprinting).write_bytes(b"".join(lines))
    with pytest.raises(StateFileError) as broken:
        sprinting.events()
    assert broken.value.message.startswith("project_state/task-log.jsonl:2:18: invalid JSON")
    assert "by hand" in (broken.value.hint or "")
    assert any("task-log.jsonl:2:18" in problem for problem in sprinting.check())


def test_a_bad_last_complete_line_stops_mutations_and_names_the_line(
    sprinting: ProjectState,
) -> None:
    append_raw(sprinting, b'{"seq": 3, "event": "task_status"}\n')
    original = log_path(sprinting).read_bytes()
    with pytest.raises(StateFileError) as broken:
        sprinting.move_task("TASK-001", "IN_PROGRESS")
    assert broken.value.message.startswith("project_state/task-log.jsonl:3:")
    assert "ts: required key is missing" in broken.value.message
    assert log_path(sprinting).read_bytes() == original


def test_blank_lines_are_skipped_but_counted(sprinting: ProjectState) -> None:
    append_raw(sprinting, b"\n")
    append_raw(sprinting, b'{"seq": 3}\n')
    with pytest.raises(StateFileError, match=r"task-log.jsonl:4:1: ts: required key"):
        sprinting.events()


def test_events_come_back_in_order_with_their_data(sprinting: ProjectState) -> None:
    sprinting.record("commit", task="TASK-001", data={"sha": "abc123", "files": ["app/a.py"]})
    events = sprinting.events().events
    assert [e.event for e in events] == ["sprint_started", "task_added", "commit"]
    assert events[-1].data == {"sha": "abc123", "files": ["app/a.py"]}
    assert events[-1].ts.tzinfo is not None
