"""Pure functions from data to Rich renderables; printing happens elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

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


def format_issue(issue: Issue) -> Panel:
    lines = [
        Text(f"status: {issue.status}   labels: {', '.join(issue.labels) or '-'}"),
        Text(f"assignee: {issue.assignee or '- (routed by triggers)'}"),
    ]
    if issue.spec is not None:
        lines.append(Text(f"spec: {issue.spec.model_dump_json(exclude_none=True)}"))
    if issue.source is not None:  # a cached copy: say where it lives and when it was read
        read = f"{issue.source.fetched_at:%Y-%m-%d %H:%M} UTC"
        lines.append(Text(f"source: {issue.source.url} (read {read})"))
    lines += [Text(""), Text(issue.body or "(no description)")]
    title = Text(f"#{issue.number} {issue.title}")
    return Panel(Group(*lines), title=title, title_align="left")


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


def format_unowned(paths: Sequence[str], files: int) -> Table:
    table = Table(title=f"{len(paths)} of {files} files belong to no agent", title_justify="left")
    table.add_column("path")
    for path in paths:
        table.add_row(Text(path))
    return table


def format_explained(rows: Sequence[dict]) -> Table:
    table = Table(show_header=True)
    for column in ("path", "owner", "decided by", "from"):
        table.add_column(column, overflow="fold")
    for row in rows:
        if row["refused"]:
            table.add_row(Text(row["path"]), Text(row["refused"], style="red"), "-", "-")
            continue
        owner = row["owner"] or Text("nobody", style="red")
        pattern = Text(row["pattern"]) if row["pattern"] else Text("no rule matches")
        table.add_row(Text(row["path"]), owner, pattern, Text(row["source"] or "-"))
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
