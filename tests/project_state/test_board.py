"""The board of a big sprint, read from the summary stackcrew wrote with the file or, without
one, by every task's head, is the board of the whole read: same counts, same latest tasks in
the same order, whatever the log did since the snapshot."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from project_state.board import Board
from project_state.sprint_file import TASK_STATUSES
from project_state.store import ProjectState

LATEST = 8
TS = "2026-01-05T10:00:00Z"


@pytest.fixture(params=["summary", "heads"])
def source(request: pytest.FixtureRequest) -> str:
    """Where a board reads its counts and ranking: the summary written with the file, or
    every task's head (a file stackcrew did not write has no summary)."""
    return request.param


def big_sprint(root: Path, tasks: int = 120, source: str = "summary") -> ProjectState:
    """A sprint of `tasks` tasks logged at one instant (so times tie and the order of
    addition decides), the snapshot written up to the end of the log; a state whose
    snapshot then lags every change. With `source` "heads" the board's summary is gone."""
    ProjectState(root).init("big")
    sprint = {
        "id": "SPRINT-1",
        "name": "Big",
        "goal": "",
        "start": "2026-01-05",
        "end": "2026-01-18",
    }
    lines = [_line(1, "sprint_started", None, sprint)]
    for n in range(tasks):
        task = {"id": f"TASK-t{n}", "agent": "fastapi", "title": f"task {n}",
                "status": "TODO", "created_at": TS, "updated_at": TS}  # fmt: skip
        lines.append(_line(n + 2, "task_added", task["id"], task))
    for n in range(0, tasks, 3):
        lines.append(_line(len(lines) + 1, "task_status", f"TASK-t{n}", {"status": "DONE"}))
    log = root / "project_state" / "task-log.jsonl"
    log.write_text("".join(json.dumps(line) + "\n" for line in lines))
    ProjectState(root).rebuild()
    if source == "heads":
        drop_summary(root)
    return ProjectState(root, snapshot_every=10_000)


def drop_summary(root: Path) -> None:
    (root / ".stackcrew-cache" / "board" / "summary.json").unlink()


def _line(seq: int, event: str, task: str | None, data: dict) -> dict:
    return {"v": 2, "id": f"t-{seq}", "seq": seq, "ts": TS, "task": task, "agent": "fastapi",
            "event": event, "data": data}  # fmt: skip


def whole(state: ProjectState) -> Board:
    """The board as the whole read of the sprint gives it."""
    sprint = state.sprint()
    latest = {}
    for status in TASK_STATUSES:
        ranked = [(t.updated_at, n, t) for n, t in enumerate(sprint.tasks) if t.status == status]
        latest[status] = [task for _, _, task in sorted(ranked, reverse=True)[:LATEST]]
    counts = {status: sum(t.status == status for t in sprint.tasks) for status in TASK_STATUSES}
    return Board(sprint=sprint.sprint, counts=counts, latest=latest)


def test_a_board_without_changes_since_the_snapshot(tmp_path: Path, source: str) -> None:
    state = big_sprint(tmp_path, source=source)
    assert state.board(LATEST) == whole(state)


def test_changes_since_the_snapshot_are_applied(tmp_path: Path, source: str) -> None:
    state = big_sprint(tmp_path, source=source)
    state.move_task("TASK-t5", "IN_PROGRESS")  # an old task becomes the newest of its column
    state.move_task("TASK-t0", "IN_PROGRESS")  # one leaves DONE: the ninth newest shows
    state.move_task("TASK-t7", "IN_PROGRESS")
    state.move_task("TASK-t7", "BLOCKED", reason="waits")
    state.update_task("TASK-t8", title="renamed")
    state.add_task(issue=None, agent="qa", title="late", suffix="late")
    state.record("usage", task="TASK-t9", data={"tokens": 3})
    board = state.board(LATEST)
    assert board == whole(state)
    assert board is not None and board.total == 121
    assert [t.id for t in board.latest["IN_PROGRESS"]] == ["TASK-t0", "TASK-t5"]
    assert board.latest["BLOCKED"][0].blocked_reason == "waits"


def test_many_changes_since_the_snapshot_are_applied(tmp_path: Path, source: str) -> None:
    state = big_sprint(tmp_path, source=source)
    for n in range(0, 60, 3):  # twenty tasks leave DONE, more than a column shows
        state.move_task(f"TASK-t{n}", "IN_PROGRESS")
    assert state.board(LATEST) == whole(state)


@pytest.mark.parametrize("change", ["sprint", "shape", "bad shown task"])
def test_what_the_heads_cannot_tell_is_left_to_the_whole_read(
    tmp_path: Path, change: str, source: str
) -> None:
    state = big_sprint(tmp_path, source=source)
    snapshot = tmp_path / "project_state" / "current-sprint.json"
    if change == "sprint":
        state.start_sprint("Next", "", date(2026, 1, 19), date(2026, 2, 1))
    elif change == "shape":
        snapshot.write_text(json.dumps(json.loads(snapshot.read_text()), indent=1))
    else:  # the newest TODO task, which the board would show
        text = snapshot.read_text().replace('"title":"task 119"', '"title":""')
        snapshot.write_text(text)
    assert state.board(LATEST) is None


def test_a_task_the_log_adds_twice_is_not_shown_but_refused(tmp_path: Path, source: str) -> None:
    state = big_sprint(tmp_path, source=source)
    log = tmp_path / "project_state" / "task-log.jsonl"
    seq = state.last_seq() + 1
    task = {"id": "TASK-t3", "agent": "qa", "title": "again", "created_at": TS, "updated_at": TS}
    with log.open("a") as out:
        out.write(json.dumps(_line(seq, "task_added", "TASK-t3", task)) + "\n")
    assert state.board(LATEST) is None
