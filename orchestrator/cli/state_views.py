"""The sprint board, the task log and the issue list, as plain text.

`orchestrate sprint status`, `log` and `issue list` print these whether Typer parsed the
command line or `orchestrator.cli.quick_commands` did before any CLI framework loaded, so the
output is the same either way. The views read ``project_state/`` alone: not
``stackcrew.yaml``, not the agent files.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from itertools import count
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.cli.plain import json_text, one_line, text_table
from orchestrator.repo_paths import find_repo_root

if TYPE_CHECKING:
    from project_state.project_file import Issue
    from project_state.sprint_file import Sprint, SprintFile, Task
    from project_state.store import ProjectState
    from project_state.task_log import Event

BOARD_COLUMNS = ("TODO", "IN_PROGRESS", "IN_REVIEW", "DONE", "BLOCKED")
BIG_BOARD = 60
LATEST_CARDS = 8
LONG_LIST = 50
CARD_INDENT = "    "


def state_of(directory: Path | None) -> ProjectState:
    """The state of the repository holding `directory` (default: the current one)."""
    from project_state.store import ProjectState  # lazy: its models cost start-up time

    return ProjectState(find_repo_root((directory or Path.cwd()).resolve()))


def board_view(state: ProjectState, *, every_task: bool, as_json: bool) -> str:
    if not (every_task or as_json):
        board = state.board(LATEST_CARDS)  # a big board: only the tasks shown are built
        if board is not None and board.total > BIG_BOARD:
            columns = {
                status: (board.latest[status], board.counts[status]) for status in BOARD_COLUMNS
            }
            return _board_text(board.sprint, columns, board.total) + "\n"
    sprint = state.sprint()
    if as_json:
        return json_text(sprint.model_dump(mode="json"))
    return format_board(sprint, every_task=every_task) + "\n"


def issues_view(state: ProjectState, status: str, *, every_issue: bool, as_json: bool) -> str:
    if not (every_issue or as_json):
        listing = state.issue_listing(status, LONG_LIST)  # a long list: only the shown built
        if listing is not None:
            return _issues_text(*listing) + "\n"
    chosen = [i for i in state.project().issues if status == "all" or i.status == status]
    if as_json:
        return json_text([i.model_dump(mode="json") for i in chosen])
    return format_issues(chosen, every_issue=every_issue) + "\n"


def log_view(events: Sequence[Event], *, as_json: bool) -> str:
    if as_json:
        return json_text([e.model_dump(mode="json") for e in events])
    return format_log(events) + "\n"


def format_board(sprint_file: SprintFile, *, every_task: bool = False) -> str:
    """The board by column. A board of more than `BIG_BOARD` tasks shows, unless
    `every_task`, each column's count and its `LATEST_CARDS` most recently changed tasks."""
    by_status: dict[str, list[Task]] = {status: [] for status in BOARD_COLUMNS}
    for task in sprint_file.tasks:
        by_status[task.status].append(task)
    shown = by_status if every_task else _latest_of_each(by_status)
    columns = {status: (shown[status], len(by_status[status])) for status in BOARD_COLUMNS}
    total = len(sprint_file.tasks) if shown is not by_status else None
    return _board_text(sprint_file.sprint, columns, total)


def _board_text(
    sprint: Sprint | None, columns: dict[str, tuple[list[Task], int]], cut_from: int | None
) -> str:
    """The header, then each column's cards under its count; `cut_from`: the number of
    tasks when each column shows only its latest cards."""
    lines = ["No sprint started." if sprint is None else _sprint_header(sprint)]
    for status, (cards, size) in columns.items():
        lines += ["", *_column(status, cards, size)]
    if cut_from is not None:
        lines += ["", _summary_note(cut_from)]
    return "\n".join(lines)


def _latest_of_each(by_status: dict[str, list[Task]]) -> dict[str, list[Task]]:
    if sum(len(tasks) for tasks in by_status.values()) <= BIG_BOARD:
        return by_status
    return {status: _latest(tasks) for status, tasks in by_status.items()}


def _latest(tasks: list[Task]) -> list[Task]:
    """The most recently changed tasks, newest first; of equal times, the later added."""
    times = map(attrgetter("updated_at"), tasks)  # no Python call per task: boards are big
    ranked = heapq.nlargest(LATEST_CARDS, zip(times, count(), tasks, strict=False))
    return [task for _, _, task in ranked]


def _column(status: str, cards: list[Task], count: int) -> list[str]:
    title = f"{status} ({count:,})" if len(cards) == count else f"{status} ({count:,}, latest)"
    body = [line for task in cards for line in _card(task)] or [f"{CARD_INDENT}—"]
    return [title, *body]


def _card(task: Task) -> list[str]:
    lines = [f"{CARD_INDENT}{task.id} [{task.agent}] {one_line(task.title)}"]
    if task.depends_on:
        lines.append(f"{CARD_INDENT * 2}after {', '.join(task.depends_on)}")
    if task.blocked_reason:
        lines.append(f"{CARD_INDENT * 2}blocked: {one_line(task.blocked_reason)}")
    return lines


def _summary_note(total: int) -> str:
    return (
        f"{total:,} tasks: each column shows its {LATEST_CARDS} most recently changed; "
        "`orchestrate sprint status --all` shows every task"
    )


def _sprint_header(sprint: Sprint) -> str:
    title = one_line(f"{sprint.id} · {sprint.name} · {sprint.start} → {sprint.end}")
    return f"{title}\nGoal: {one_line(sprint.goal)}"


def format_log(events: Iterable[Event]) -> str:
    rows = [
        [
            str(e.seq),
            f"{e.ts:%Y-%m-%d %H:%M:%S}",
            e.task or "-",
            e.agent or "-",
            e.mode or "-",
            e.event,
            ", ".join(f"{key}={value}" for key, value in (e.data or {}).items()),
        ]
        for e in events
    ]
    headers = ("seq", "time", "task", "agent", "mode", "event", "data")
    return text_table("Task log", headers, rows)


def format_issues(issues: Sequence[Issue], *, every_issue: bool = False) -> str:
    """The issues in a table; more than `LONG_LIST` are cut to the newest, unless
    `every_issue`, with a caption saying so."""
    shown = issues if every_issue or len(issues) <= LONG_LIST else issues[-LONG_LIST:]
    return _issues_text(shown, len(issues))


def _issues_text(shown: Sequence[Issue], total: int) -> str:
    """`shown` in a table, with a caption when they are the newest of `total`."""
    rows = [
        [str(i.number), i.title, ", ".join(i.labels), i.assignee or "-", i.status] for i in shown
    ]
    caption = ""
    if len(shown) < total:
        caption = f"the newest {len(shown)} of {total:,}; --all lists every one"
    return text_table("Issues", ("#", "title", "labels", "assignee", "status"), rows, caption)
