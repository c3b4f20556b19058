"""Pure functions from a sprint plan or a sprint run to Rich renderables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from orchestrator.sprint.batches import SprintPlan
    from orchestrator.sprint.runner import SprintResult


def format_sprint_plan(plan: SprintPlan) -> Group:
    """The batches in order, one row a task; then the tasks that are not ready and why."""
    table = Table(title=f"{plan.sprint}: ready work in batches", title_justify="left")
    for column in ("batch", "task", "issue", "action", "agents", "branch", "after"):
        table.add_column(column)
    for task in plan.tasks:
        table.add_row(
            str(task.batch), task.task, f"#{task.issue}", task.action,
            ", ".join(task.agents), Text(task.branch), ", ".join(task.depends_on) or "-",
        )  # fmt: skip
    if not plan.tasks:
        table.caption = "nothing is ready to run"
    parts: list[Table | Text] = [table]
    if plan.waiting:
        parts.append(_waiting_table(plan))
    return Group(*parts)


def _waiting_table(plan: SprintPlan) -> Table:
    table = Table(title="Not ready", title_justify="left")
    for column in ("task", "issue", "why"):
        table.add_column(column)
    for waiting in plan.waiting:
        issue = f"#{waiting.issue}" if waiting.issue else "-"
        table.add_row(waiting.task, issue, Text(waiting.reason))
    return table


def format_sprint_result(result: SprintResult) -> Table:
    """What each task of a sprint run ended with."""
    table = Table(title="Sprint run", title_justify="left")
    for column in ("batch", "task", "agents", "outcome", "verdict", "pr", "cost", "detail"):
        table.add_column(column)
    for done in result.tasks:
        table.add_row(
            str(done.planned.batch), done.planned.task, ", ".join(done.planned.agents),
            done.outcome, done.verdict or "-", f"#{done.pr}" if done.pr else "-",
            f"${done.cost_usd:.4f}", Text(done.detail or ""),
        )  # fmt: skip
    if not result.tasks:
        table.caption = "nothing was ready to run"
    return table
