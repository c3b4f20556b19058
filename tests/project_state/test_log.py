"""`task-log.jsonl`: torn tails are tolerated, reported and cut; other bad lines are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from project_state.errors import StateFileError
from project_state.store import ProjectState
from project_state.task_log import Event, EventFilter

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


def logged_by_hand(state: ProjectState, count: int) -> list[Event]:
    """`count` usage events over three tasks, two agents and two runs, then the full log."""
    for n in range(count):
        state.record(
            "usage" if n % 4 else "commit",
            task=f"TASK-00{n % 3 + 1}",
            agent="qa" if n % 2 else "fastapi",
            run_id=f"run-{n % 5 == 0}",
            data={"n": n},
        )
    return state.events().events


@pytest.mark.parametrize("limit", [1, 7, 50, 0])
def test_the_newest_events_are_the_tail_of_the_log(sprinting: ProjectState, limit: int) -> None:
    events = logged_by_hand(sprinting, 30)
    read = sprinting.newest_events(limit)
    assert read.events == (events[-limit:] if limit else events)
    assert read.torn is None


@pytest.mark.parametrize(
    "wanted",
    [
        EventFilter(task="TASK-002"),
        EventFilter(agent="qa", event="commit"),
        EventFilter(run_id="run-True"),
        EventFilter(task="TASK-001", agent="fastapi", event="usage", run_id="run-False"),
        EventFilter(task="TASK-404"),
    ],
)
def test_filters_keep_exactly_the_events_a_full_scan_keeps(
    sprinting: ProjectState, wanted: EventFilter
) -> None:
    events = logged_by_hand(sprinting, 40)
    kept = [e for e in events if wanted.keeps(e.model_dump())]
    assert sprinting.newest_events(0, wanted).events == kept
    assert sprinting.newest_events(3, wanted).events == kept[-3:]


def test_a_filter_on_a_value_json_escapes_still_finds_it(sprinting: ProjectState) -> None:
    for agent in ('qa "lead"', "équipe", "a\\b"):
        sprinting.record("usage", agent=agent)
    for agent in ('qa "lead"', "équipe", "a\\b"):
        [found] = sprinting.newest_events(0, EventFilter(agent=agent)).events
        assert found.agent == agent


def test_the_newest_events_leave_out_a_torn_tail_and_say_where_it_is(
    sprinting: ProjectState,
) -> None:
    events = logged_by_hand(sprinting, 5)
    append_raw(sprinting, FRAGMENT)
    read = sprinting.newest_events(2)
    assert read.events == events[-2:]
    assert read.torn is not None
    assert (read.torn.line, read.torn.data) == (len(events) + 1, FRAGMENT)
    assert read.torn == sprinting.events().torn
    assert f"task-log.jsonl:{len(events) + 1}: the last line is torn" in read.torn.describe()


def test_the_newest_events_name_a_broken_line_they_reach(sprinting: ProjectState) -> None:
    logged_by_hand(sprinting, 3)
    lines = log_path(sprinting).read_bytes().splitlines(keepends=True)
    lines[-2] = b"[1, 2]\n"
    log_path(sprinting).write_bytes(b"".join(lines))
    assert [e.seq for e in sprinting.newest_events(1).events] == [len(lines)]
    with pytest.raises(StateFileError, match=f"task-log.jsonl:{len(lines) - 1}:1"):
        sprinting.newest_events(2)
