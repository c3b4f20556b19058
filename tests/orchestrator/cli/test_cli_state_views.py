"""The sprint board, the log and the issue list through the CLI when they grow long."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import orchestrate

from orchestrator.cli.state_views import format_board, format_issues
from project_state.store import ProjectState


def grow_the_sprint(blog: Path, count: int) -> list[str]:
    state = ProjectState(blog)
    return [
        state.add_task(issue=None, agent="qa", title=f"chore {n}", suffix=f"c{n}").id
        for n in range(count)
    ]


def test_a_big_board_shows_counts_and_the_latest_tasks_and_all_shows_every_one(blog):
    added = grow_the_sprint(blog, 70)
    ProjectState(blog).move_task(added[0], "IN_PROGRESS")
    tasks = ProjectState(blog).sprint().tasks
    total, todo = len(tasks), sum(task.status == "TODO" for task in tasks)
    board = orchestrate("sprint", "status", "--project", blog)
    assert board.exit_code == 0, board.output
    assert f"TODO ({todo}, latest)" in board.stdout
    assert added[-1] in board.stdout and added[0] in board.stdout  # newest TODO, moved task
    assert added[10] not in board.stdout
    assert f"{total} tasks: each column shows its 8 most recently changed" in board.stdout
    everything = orchestrate("sprint", "status", "--all", "--project", blog)
    assert everything.exit_code == 0
    assert all(task_id in everything.stdout for task_id in added)
    assert "latest" not in everything.stdout


def test_a_small_board_shows_every_task_without_a_note(blog):
    board = orchestrate("sprint", "status", "--project", blog)
    tasks = ProjectState(blog).sprint().tasks
    assert all(task.id in board.stdout for task in tasks)
    assert "latest" not in board.stdout and "--all" not in board.stdout


def test_log_limit_and_filters_read_the_tail(blog):
    state = ProjectState(blog)
    for n in range(12):
        state.record("usage", task="TASK-044" if n % 2 else None, agent="qa", data={"n": n})
    events = [e.model_dump(mode="json") for e in state.events().events]
    last = orchestrate("log", "--limit", "5", "--project", blog, "--json")
    assert json.loads(last.stdout) == events[-5:]
    task_only = orchestrate("log", "--task", "TASK-044", "--event", "usage", "--project", blog,
                            "--json", "--limit", "0")  # fmt: skip
    assert [e["data"]["n"] for e in json.loads(task_only.stdout)] == [1, 3, 5, 7, 9, 11]
    table = orchestrate("log", "--limit", "3", "--project", blog)
    assert table.exit_code == 0, table.output
    assert [str(e["seq"]) in table.stdout for e in events[-3:]] == [True] * 3


def test_log_table_prints_event_data_as_written(blog):
    ProjectState(blog).record("commit", data={"m": "[b]x[/b]"})
    table = orchestrate("log", "--limit", "1", "--project", blog)
    assert table.exit_code == 0, table.output
    assert "m=[b]x[/b]" in table.stdout


def test_log_warns_of_a_torn_last_line_and_shows_the_rest(blog):
    ProjectState(blog).record("usage", data={"n": 1})
    with open(blog / "project_state" / "task-log.jsonl", "ab") as log:
        log.write(b'{"seq": 99, "ts"')
    shown = orchestrate("log", "--limit", "1", "--project", blog, "--json")
    assert shown.exit_code == 0, shown.output
    assert [e["data"] for e in json.loads(shown.stdout)] == [{"n": 1}]
    assert "the last line is torn (16 bytes without a newline)" in shown.stderr


def test_a_long_issue_list_shows_the_newest_and_all_lists_every_one(blog):
    state = ProjectState(blog)
    for n in range(55):
        state.new_issue(f"Chore [bold]{n}[/bold]")
    open_issues = sum(issue.status == "open" for issue in state.project().issues)
    listed = orchestrate("issue", "list", "--project", blog)
    assert listed.exit_code == 0, listed.output
    assert "Chore [bold]54[/bold]" in listed.stdout
    assert f"the newest 50 of {open_issues}; --all lists every one" in listed.stdout
    assert "Chore [bold]0[/bold]" not in listed.stdout
    every = orchestrate("issue", "list", "--all", "--project", blog)
    assert "Chore [bold]0[/bold]" in every.stdout and "newest" not in every.stdout
    as_json = json.loads(orchestrate("issue", "list", "--project", blog, "--json").stdout)
    assert len(as_json) == open_issues


def test_a_big_board_read_by_its_heads_is_the_board_of_the_whole_sprint(blog):
    added = grow_the_sprint(blog, 70)
    lagging = ProjectState(blog, snapshot_every=1_000)
    lagging.roll_forward()
    for task_id in added[:12]:  # after the snapshot: more moves than a column shows
        lagging.move_task(task_id, "IN_PROGRESS")
    lagging.move_task(added[3], "BLOCKED", reason="waits")
    board = orchestrate("sprint", "status", "--project", blog)
    assert board.exit_code == 0, board.output
    assert board.stdout == format_board(ProjectState(blog).sprint()) + "\n"
    assert "IN_PROGRESS (11, latest)" in board.stdout


def test_a_long_issue_list_validates_the_issues_it_shows(blog):
    state = ProjectState(blog)
    numbers = [state.new_issue(f"Chore {n}").number for n in range(55)]
    state.close_issue(numbers[40])
    listed = orchestrate("issue", "list", "--status", "all", "--project", blog)
    chosen = ProjectState(blog).project().issues
    assert listed.stdout == format_issues(chosen) + "\n"
    path = blog / "project_state" / "project.json"
    path.write_text(path.read_text().replace('"title": "Chore 54"', '"title": ""'))
    broken = orchestrate("issue", "list", "--project", blog)
    assert broken.exit_code == 2
    assert "issues[" in broken.stderr and "title" in broken.stderr
