"""What a running sprint shows: each task's agent, step, elapsed time and cost.

The runner keeps a `TaskProgress` per task and reports every change as a small event
(`batch_started`, `task_started`, `task_step`, `task_finished`, `merged`, …). A `Board`
turns those into output: a live Rich table on a terminal, one plain line per event
otherwise, or one JSON object per event with `--json`. All of it goes to stderr; stdout
keeps the result.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.table import Table

    from orchestrator.sprint.batches import PlannedTask
    from project_state.task_log import Event

WAITING = "waiting"


@dataclass
class TaskProgress:
    planned: PlannedTask
    agent: str = "-"
    step: str = WAITING
    started: float | None = None
    ended: float | None = None
    cost_usd: float = 0.0

    def elapsed(self, now: float) -> float:
        if self.started is None:
            return 0.0
        return (self.ended or now) - self.started

    def follow(self, event: Event) -> bool:
        """Take in an event of this task's run; True when the board should change."""
        if event.event == "usage":
            self.cost_usd += float(event.data.get("cost_usd") or 0.0)
            return True
        step = describe_step(event)
        if step is None:
            return False
        self.step = step
        self.agent = event.agent or self.agent
        return True


def describe_step(event: Event) -> str | None:
    """A few words on what a log event says the run is doing (None: nothing new)."""
    data = event.data
    if event.event == "task_status" and event.task:
        return f"{event.task} {data.get('status')}"
    if event.event == "commit":
        return f"committed {str(data.get('sha') or 'nothing')[:8]}"
    if event.event == "pr_opened":
        return f"QA reviewing PR #{data.get('pr')}"
    if event.event == "review":
        return f"QA: {data.get('verdict')}"
    if event.event == "delegated":
        return f"delegated to {data.get('to')}"
    return None


class Board(Protocol):
    def report(self, event: dict[str, Any], progress: list[TaskProgress]) -> None: ...

    def close(self) -> None: ...


class JsonBoard:
    """One JSON object per event on stderr, for scripts."""

    def report(self, event: dict[str, Any], progress: list[TaskProgress]) -> None:
        sys.stderr.write(json.dumps(event, default=str) + "\n")
        sys.stderr.flush()

    def close(self) -> None:
        pass


class PlainBoard:
    """One line per event, for logs and pipes."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.start = time.monotonic()

    def report(self, event: dict[str, Any], progress: list[TaskProgress]) -> None:
        from rich.text import Text  # lazy for start-up

        clock = f"{time.monotonic() - self.start:7.1f}s"
        self.console.print(Text(f"{clock} {format_event(event)}"))

    def close(self) -> None:
        pass


class LiveBoard:
    """A table redrawn in place on a terminal."""

    def __init__(self, console: Console) -> None:
        from rich.live import Live  # lazy for start-up

        self.progress: list[TaskProgress] = []
        self.live: Live = Live(console=console, refresh_per_second=4, get_renderable=self._table)
        self.live.start()

    def report(self, event: dict[str, Any], progress: list[TaskProgress]) -> None:
        self.progress = progress  # redrawn four times a second, elapsed times included

    def _table(self) -> Table:
        return format_live_board(self.progress, time.monotonic())

    def close(self) -> None:
        self.live.stop()


def board_for(as_json: bool) -> Board:
    from rich.console import Console  # lazy for start-up

    if as_json:
        return JsonBoard()
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    return LiveBoard(console) if console.is_terminal else PlainBoard(console)


def format_event(event: dict[str, Any]) -> str:
    """An event as one line: its kind, then its fields."""
    kind = event.get("event", "?")
    fields = " ".join(f"{key}={value}" for key, value in event.items() if key != "event")
    return f"{kind} {fields}".strip()


def format_live_board(progress: list[TaskProgress], now: float) -> Table:
    from rich.table import Table  # lazy for start-up
    from rich.text import Text

    table = Table(title="Sprint run", title_justify="left")
    for column in ("batch", "task", "agent", "step", "elapsed", "cost"):
        table.add_column(column)
    for row in progress:
        table.add_row(
            str(row.planned.batch), row.planned.task, row.agent, Text(row.step),
            f"{row.elapsed(now):.0f}s", f"${row.cost_usd:.4f}",
        )  # fmt: skip
    return table
