"""The summary a board reads instead of every task: written with each sprint file stackcrew
writes, trusted for exactly those bytes, and never the cause of a wrong or crashed board."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from test_board import LATEST, big_sprint, drop_summary, whole

from orchestrator.cli.state_views import LATEST_CARDS
from project_state.board_summary import DEPTH, BoardSummary
from project_state.ledger import SNAPSHOT_EVERY

SUMMARY = Path(".stackcrew-cache", "board", "summary.json")
SPRINT = Path("project_state", "current-sprint.json")


def summary_of(root: Path) -> BoardSummary:
    return BoardSummary.model_validate_json((root / SUMMARY).read_bytes())


def test_each_sprint_file_stackcrew_writes_comes_with_the_summary_of_its_bytes(
    tmp_path: Path,
) -> None:
    state = big_sprint(tmp_path)
    summary = summary_of(tmp_path)
    assert summary.key == hashlib.sha256((tmp_path / SPRINT).read_bytes()).hexdigest()
    assert summary.counts == {
        "TODO": 80,
        "IN_PROGRESS": 0,
        "IN_REVIEW": 0,
        "DONE": 40,
        "BLOCKED": 0,
    }
    assert summary.ids == [task.id for task in state.sprint().tasks]
    assert summary.ranked["DONE"][-1] == 117  # of equal times, the later in the file is newer
    state.move_task("TASK-t1", "BLOCKED", reason="waits")
    state.roll_forward()  # a new snapshot, a new summary
    assert summary_of(tmp_path).counts["BLOCKED"] == 1


def test_a_file_changed_by_hand_is_read_by_its_heads_and_summarized_again(tmp_path: Path) -> None:
    state = big_sprint(tmp_path)
    sprint = tmp_path / SPRINT
    edited = sprint.read_text().replace(
        '{"id":"TASK-t4","issue":null,"agent":"fastapi","title":"task 4","status":"TODO"',
        '{"id":"TASK-t4","issue":null,"agent":"fastapi","title":"task 4","status":"BLOCKED"',
    )
    assert edited != sprint.read_text()
    sprint.write_text(edited)  # as a teammate's commit or a hand edit would leave it
    board = state.board(LATEST)
    assert board == whole(state)
    assert board is not None and [t.id for t in board.latest["BLOCKED"]] == ["TASK-t4"]
    assert summary_of(tmp_path).key == hashlib.sha256(edited.encode()).hexdigest()


def test_a_summary_that_lies_about_its_file_shows_no_task_it_does_not_hold(tmp_path: Path) -> None:
    state = big_sprint(tmp_path)
    written = json.loads((tmp_path / SUMMARY).read_text())
    lies = [
        {**written, "ids": written["ids"][:-1]},  # one task fewer than the file holds
        {**written, "ids": [*written["ids"], "TASK-t999"]},  # one more
        {**written, "ranked": {**written["ranked"], "TODO": [10_000]}},  # beyond the file
        {**written, "ids": ["TASK-x", *written["ids"][1:]]},  # another task's line
    ]
    for lie in lies:
        (tmp_path / SUMMARY).write_text(json.dumps(lie))
        assert state.board(LATEST) in (None, whole(state))
    (tmp_path / SUMMARY).write_text(json.dumps({**written, "ranked": {"TODO": [-1]}}))
    assert state.board(LATEST) == whole(state)  # not a summary: the heads are read instead


def test_a_gap_deeper_than_the_summary_is_left_to_the_whole_read(tmp_path: Path) -> None:
    state = big_sprint(tmp_path, tasks=3 * DEPTH)
    for n in range(1, DEPTH + 1):  # more tasks touched since the snapshot than it ranks
        state.move_task(f"TASK-t{n * 2 + 1}", "IN_PROGRESS")
    assert state.board(LATEST) is None
    drop_summary(tmp_path)
    assert state.board(LATEST) is None  # the heads' ranking goes as deep, no deeper


def test_the_summary_goes_as_deep_as_a_board_shows_plus_a_snapshot_interval() -> None:
    assert DEPTH >= LATEST_CARDS + SNAPSHOT_EVERY
