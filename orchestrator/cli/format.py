"""Pure functions from data to Rich renderables; printing happens elsewhere."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.columns import Columns
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from agents.ownership import OwnershipMap
    from agents.spec import AgentSpec
    from orchestrator.pipeline import RunResult
    from orchestrator.planning import Plan
    from project_state.project_file import Issue
    from project_state.sprint_file import Sprint, SprintFile, Task
    from project_state.task_log import Event

BOARD_COLUMNS = ("TODO", "IN_PROGRESS", "IN_REVIEW", "DONE", "BLOCKED")
BIG_BOARD = 60
LATEST_CARDS = 8
LONG_LIST = 50
STATUS_STYLE = {
    "TODO": "white",
    "IN_PROGRESS": "cyan",
    "IN_REVIEW": "magenta",
    "DONE": "green",
    "BLOCKED": "red",
}


def format_issues(issues: Sequence[Issue], *, every_issue: bool = False) -> Table:
    """The issues in a table; more than `LONG_LIST` are cut to the newest, unless
    `every_issue`, with a caption saying so."""
    shown = issues if every_issue or len(issues) <= LONG_LIST else issues[-LONG_LIST:]
    table = Table(title="Issues", title_justify="left")
    for column in ("#", "title", "labels", "assignee", "status"):
        table.add_column(column)
    for issue in shown:
        table.add_row(
            str(issue.number),
            Text(issue.title),
            Text(", ".join(issue.labels)),
            Text(issue.assignee or "-"),
            issue.status,
        )
    if len(shown) < len(issues):
        table.caption = f"the newest {len(shown)} of {len(issues):,}; --all lists every one"
    return table


def format_issue(issue: Issue) -> Panel:
    lines = [
        Text(f"status: {issue.status}   labels: {', '.join(issue.labels) or '-'}"),
        Text(f"assignee: {issue.assignee or '- (routed by triggers)'}"),
    ]
    if issue.spec is not None:
        lines.append(Text(f"spec: {issue.spec.model_dump_json(exclude_none=True)}"))
    lines += [Text(""), Text(issue.body or "(no description)")]
    title = Text(f"#{issue.number} {issue.title}")
    return Panel(Group(*lines), title=title, title_align="left")


def format_board(sprint_file: SprintFile, *, every_task: bool = False) -> Group:
    """The board by column. A board of more than `BIG_BOARD` tasks shows, unless
    `every_task`, each column's count and its `LATEST_CARDS` most recently changed tasks."""
    sprint = sprint_file.sprint
    header = Text("No sprint started." if sprint is None else _sprint_header(sprint))
    by_status: dict[str, list[Task]] = {status: [] for status in BOARD_COLUMNS}
    for task in sprint_file.tasks:
        by_status[task.status].append(task)
    shown = by_status if every_task else _latest_of_each(by_status)
    panels = [_column(status, shown[status], len(by_status[status])) for status in BOARD_COLUMNS]
    parts: list[Text | Columns] = [header, Columns(panels)]
    if shown is not by_status:
        parts.append(_summary_note(len(sprint_file.tasks)))
    return Group(*parts)


def _latest_of_each(by_status: dict[str, list[Task]]) -> dict[str, list[Task]]:
    if sum(len(tasks) for tasks in by_status.values()) <= BIG_BOARD:
        return by_status
    return {status: _latest(tasks) for status, tasks in by_status.items()}


def _latest(tasks: list[Task]) -> list[Task]:
    """The most recently changed tasks, newest first; of equal times, the later added."""
    ranked = heapq.nlargest(LATEST_CARDS, enumerate(tasks), key=lambda p: (p[1].updated_at, p[0]))
    return [task for _, task in ranked]


def _column(status: str, cards: list[Task], count: int) -> Panel:
    title = f"{status} ({count:,})" if len(cards) == count else f"{status} ({count:,}, latest)"
    body = Group(*(_card(t) for t in cards)) if cards else Text("—")
    return Panel(body, title=title, border_style=STATUS_STYLE[status], width=30)


def _summary_note(total: int) -> Text:
    return Text(
        f"{total:,} tasks: each column shows its {LATEST_CARDS} most recently changed; "
        "`orchestrate sprint status --all` shows every task",
        style="dim",
    )


def _sprint_header(sprint: Sprint) -> str:
    return f"{sprint.id} · {sprint.name} · {sprint.start} → {sprint.end}\nGoal: {sprint.goal}"


def _card(task: Task) -> Text:
    text = Text(f"{task.id}", style="bold")
    text.append(f" [{task.agent}]\n{task.title}")
    if task.depends_on:
        text.append(f"\nafter {', '.join(task.depends_on)}", style="dim")
    if task.blocked_reason:
        text.append(f"\n{task.blocked_reason}", style="red")
    return text


def format_log(events: Iterable[Event]) -> Table:
    table = Table(title="Task log", title_justify="left")
    for column in ("seq", "time", "task", "agent", "mode", "event", "data"):
        table.add_column(column, overflow="fold")
    for e in events:
        data = Text(", ".join(f"{k}={v}" for k, v in (e.data or {}).items()))
        table.add_row(
            str(e.seq),
            f"{e.ts:%Y-%m-%d %H:%M:%S}",
            e.task or "-",
            e.agent or "-",
            e.mode or "-",
            e.event,
            data,
        )
    return table


def format_ownership(ownership: OwnershipMap) -> Table:
    table = Table(title="Ownership (last matching rule wins)", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("pattern")
    table.add_column("agent")
    for i, rule in enumerate(ownership.rules, 1):
        table.add_row(str(i), Text(rule.pattern), rule.agent)
    return table


def format_owners_of(owners: Sequence[tuple[str, str | None, str | None]]) -> Table:
    table = Table(show_header=True)
    table.add_column("path")
    table.add_column("owner")
    for path, owner, problem in owners:
        table.add_row(Text(path), owner or Text(problem or "nobody", style="red"))
    return table


def format_agents(agents: Iterable[AgentSpec]) -> Table:
    table = Table(title="Agents", title_justify="left")
    for column in ("name", "description", "modes", "owns", "source"):
        table.add_column(column, overflow="fold")
    for a in agents:
        owns = Text(", ".join(a.owns))
        table.add_row(a.name, Text(a.description), ", ".join(a.modes), owns, Text(a.source))
    return table


def format_agent(spec: AgentSpec, owned: Sequence[str], prompt_chars: int) -> Panel:
    rows = Table.grid(padding=(0, 2))
    rows.add_row("description", Text(spec.description))
    rows.add_row("owns", Text("\n".join(owned) or "(nothing)"))
    rows.add_row("delegates to", ", ".join(spec.delegates_to) or "-")
    rows.add_row("modes", ", ".join(spec.modes))
    rows.add_row("triggers", Text(", ".join(spec.triggers) or "-"))
    rows.add_row("model", spec.model or "(project default)")
    rows.add_row("prompt", f"{prompt_chars} characters rendered (~{prompt_chars // 4} tokens)")
    rows.add_row("source", Text(spec.source))
    return Panel(rows, title=f"agent {spec.name}", title_align="left")


def format_plan(plan: Plan, *, dry_run: bool) -> Group:
    head = Text(f"{plan.mode}", style="bold")
    if plan.issue is not None:
        head.append(f"  issue #{plan.issue.number}: {plan.issue.title}")
    parts: list[object] = [head]
    parts += [Text(f"  ✓ {check}", style="green") for check in plan.checks]
    if plan.branch:
        parts.append(Text(f"branch: {plan.branch}"))
    if plan.commit_message():
        parts.append(Text(f"commit: {plan.commit_message()}"))
    if not plan.tracked and plan.mode == "DIRECT":
        parts.append(
            Text("note: DIRECT work is untracked: no issue, no sprint task, no log", style="yellow")
        )
    parts.append(_steps_table(plan))
    if dry_run:
        parts.append(Text("dry run: nothing was changed", style="dim"))
    return Group(*parts)  # type: ignore[arg-type]


def _steps_table(plan: Plan) -> Table:
    table = Table(title="Steps", title_justify="left")
    for column in ("#", "agent", "task", "after", "may write", "system prompt"):
        table.add_column(column, overflow="fold")
    for i, step in enumerate(plan.steps, 1):
        table.add_row(
            str(i),
            step.agent,
            step.task_id or "-",
            ", ".join(step.depends_on) or "-",
            ", ".join(step.owns) or "(nothing)",
            f"{len(step.system_prompt)} chars (~{step.prompt_tokens} tokens)",
        )
    return table


def format_run(result: RunResult) -> Group:
    parts: list[object] = [Text(f"run {result.run_id} ({result.plan.mode})", style="bold")]
    if result.plan.mode == "DIRECT":
        parts.append(Text("untracked: DIRECT work changes no issue, task or log", style="yellow"))
    for s in result.steps:
        style = "red" if s.outcome.status == "blocked" else "green"
        line = Text(f"{s.step.agent}: {s.outcome.status}", style=style)
        line.append(f" — {s.outcome.summary}", style="default")
        if s.commit:
            line.append(f" (commit {s.commit[:10]})", style="dim")
        parts.append(line)
        parts += [Text(f"  reverted outside ownership: {p}", style="red") for p in s.violations]
        if s.outcome.reason:
            parts.append(Text(f"  reason: {s.outcome.reason}", style="red"))
    if result.review is not None:
        gate = result.review
        style = "green" if gate.report.verdict == "APPROVE" else "red"
        line = Text(f"QA review of PR #{gate.pr.number}: {gate.report.verdict}", style=style)
        line.append(f" ({gate.rounds} rework round(s))", style="default")
        parts.append(line)
        if gate.report.verdict == "APPROVE":
            parts.append(Text(f"next: orchestrate merge --pr {gate.pr.number}"))
        else:
            parts.append(Text(f"details: orchestrate review --pr {gate.pr.number}"))
    return Group(*parts)  # type: ignore[arg-type]
