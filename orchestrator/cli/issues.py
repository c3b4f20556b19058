"""`orchestrate issue new|list|show|close|pull`: the project's issues.

With `tracker: github`, `new` and `close` act on GitHub and `pull` refreshes the copies
kept in project.json; `list` and `show` read those copies.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from orchestrator.cli.common import (
    JsonOpt,
    ProjectOpt,
    emit_json,
    new_app,
    open_project_at,
    open_state_at,
    show,
)

app = new_app("Create, list, show, close and pull the project's issues (project.json or GitHub).")


@app.command("new")
def issue_new(
    title: Annotated[str, typer.Argument(help="One-line title.")],
    body: Annotated[str, typer.Option("--body", "-b", help="Description.")] = "",
    label: Annotated[list[str] | None, typer.Option("--label", "-l", help="Repeatable.")] = None,
    assignee: Annotated[str | None, typer.Option(help="Agent that takes it.")] = None,
    spec: Annotated[
        Path | None, typer.Option(help="JSON or YAML file with a structured spec.")
    ] = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """File a new issue."""
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.forge import open_forge
    from orchestrator.issue_specs import load_issue_spec

    proj = open_project_at(project)
    if assignee:
        proj.registry.get(assignee)
    issue = open_forge(proj).new_issue(
        title, body, label or [], assignee, load_issue_spec(spec) if spec else None
    )
    if as_json:
        emit_json(issue.model_dump(mode="json"))
    else:
        show(f"Created issue #{issue.number}: {issue.title}")


@app.command("list")
def issue_list(
    status: Annotated[
        Literal["open", "closed", "all"], typer.Option(help="Which issues.")
    ] = "open",
    every_issue: Annotated[
        bool, typer.Option("--all", help="Every issue in the table, not only the newest 50.")
    ] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List issues (the table shows the newest 50 unless --all; --json gives every one)."""
    from orchestrator.cli.state_views import issues_view  # lazy: loads only when the command runs

    state = open_state_at(project)
    sys.stdout.write(issues_view(state, status, every_issue=every_issue, as_json=as_json))


@app.command("show")
def issue_show(number: int, project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Show one issue whole."""
    # lazy: loads only when the command runs (Rich)
    from orchestrator.cli.format import format_issue

    issue = open_project_at(project).state.issue(number)
    emit_json(issue.model_dump(mode="json")) if as_json else show(format_issue(issue))


@app.command("close")
def issue_close(number: int, project: ProjectOpt = None) -> None:
    """Close an issue."""
    from orchestrator.forge import open_forge  # lazy: loads only when the command runs

    issue = open_forge(open_project_at(project)).close_issue(number)
    show(f"Closed issue #{issue.number}: {issue.title}")


@app.command("pull")
def issue_pull(
    numbers: Annotated[
        list[int] | None, typer.Argument(help="Issues to read (default: every cached one).")
    ] = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read issues from the forge into project.json (tracker: github)."""
    from orchestrator.forge import open_forge  # lazy: loads only when the command runs

    pulled = open_forge(open_project_at(project)).pull_issues(numbers or [])
    if as_json:
        emit_json([i.model_dump(mode="json") for i in pulled])
        return
    for issue in pulled:
        show(f"Pulled issue #{issue.number} ({issue.status}): {issue.title}")
    if not pulled:
        show("No issues to pull: give their numbers (`orchestrate issue pull 45`)")
