"""`orchestrate sprint`: the current sprint, its board, its plan in batches and its run."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from typing import Annotated

import typer

from orchestrator.cli.common import (
    JsonOpt,
    ProjectOpt,
    emit_json,
    new_app,
    open_project_at,
    open_state_at,
    print_labelled,
    show,
)

app = new_app("Start a sprint, add issues to it as tasks, show the board, run it in parallel.")
TWO_WEEKS = timedelta(days=13)


@app.command("new")
def sprint_new(
    name: Annotated[str, typer.Argument(help="Sprint name, e.g. 'Sprint 4'.")],
    goal: Annotated[str, typer.Option(help="What the sprint is for.")] = "",
    start: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: today).")] = None,
    end: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: start + 13 days).")] = None,
    sprint_id: Annotated[str | None, typer.Option("--id", help="Default: SPRINT-<n>.")] = None,
    project: ProjectOpt = None,
) -> None:
    """Start a new sprint; unfinished tasks carry over."""
    first = _parse_date(start, "--start") if start else date.today()
    last = _parse_date(end, "--end") if end else first + TWO_WEEKS
    sprint = open_project_at(project).state.start_sprint(name, goal, first, last, sprint_id)
    show(f"Started {sprint.id} '{sprint.name}' ({sprint.start} → {sprint.end})")


@app.command("add")
def sprint_add(
    issue: Annotated[int, typer.Argument(help="Issue number.")],
    agent: Annotated[str | None, typer.Option(help="Default: routed from the issue.")] = None,
    suffix: Annotated[str | None, typer.Option(help="Sub-task suffix: TASK-045-<suffix>.")] = None,
    depends_on: Annotated[list[str] | None, typer.Option("--depends-on")] = None,
    project: ProjectOpt = None,
) -> None:
    """Add an issue to the sprint as a task."""
    # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)
    from orchestrator.routing import route_issue

    proj = open_project_at(project)
    found = proj.state.issue(issue)
    owner = route_issue(found, proj.registry, proj.ownership, agent=agent).primary
    task = proj.state.add_task(
        issue=issue, agent=owner, title=found.title, suffix=suffix, depends_on=depends_on or []
    )
    show(f"Added {task.id} for #{issue} ({owner})")


@app.command("move")
def sprint_move(
    task_id: Annotated[str, typer.Argument(help="e.g. TASK-045")],
    status: Annotated[str, typer.Argument(help="TODO, IN_PROGRESS, IN_REVIEW, DONE or BLOCKED")],
    reason: Annotated[str | None, typer.Option(help="Required for BLOCKED.")] = None,
    project: ProjectOpt = None,
) -> None:
    """Move a task to another column."""
    task = open_project_at(project).state.move_task(task_id, status.upper(), reason=reason)
    show(f"{task.id} is now {task.status}")


@app.command("status")
def sprint_status(
    every_task: Annotated[
        bool, typer.Option("--all", help="Every task, even on a board of thousands.")
    ] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The board: tasks by column (a big board: counts and the latest tasks of each)."""
    from orchestrator.cli.state_views import board_view  # lazy: loads only when the command runs

    sys.stdout.write(board_view(open_state_at(project), every_task=every_task, as_json=as_json))


@app.command("plan")
def sprint_plan(
    matrix: Annotated[
        bool, typer.Option("--matrix", help="The first batch as a GitHub Actions matrix (JSON).")
    ] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Ready tasks in batches that cannot write the same file, in dependency order."""
    # lazy: loads only when the command runs (Rich, pydantic)
    from orchestrator.cli.sprint_format import format_sprint_plan
    from orchestrator.sprint.batches import plan_sprint

    planned = plan_sprint(open_project_at(project))
    if matrix:
        emit_json(planned.matrix())
    elif as_json:
        emit_json(planned.to_json())
    else:
        show(format_sprint_plan(planned))


@app.command("run")
def sprint_run(
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Tasks running at once.")] = 2,
    issues: Annotated[
        list[int] | None, typer.Option("--issue", "-i", help="Only this issue (repeatable).")
    ] = None,
    max_cost: Annotated[
        float | None, typer.Option("--max-cost", min=0.0, help="Budget of the whole run (USD).")
    ] = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the ready tasks batch by batch, each in its own worktree; merge approved work."""
    # lazy: loads only when the command runs (PyYAML, Rich, pydantic)
    from orchestrator.cli.sprint_format import format_sprint_result
    from orchestrator.sprint.board import board_for
    from orchestrator.sprint.runner import SprintOptions, run_sprint

    proj = open_project_at(project)
    options = SprintOptions(jobs, tuple(issues or ()), max_cost)
    try:
        result = run_sprint(proj, options, board_for(as_json))
    except KeyboardInterrupt:
        print_labelled("interrupted:", "yellow", "run `orchestrate sprint run` again to resume")
        raise typer.Exit(130) from None
    emit_json(result.to_json()) if as_json else show(format_sprint_result(result))
    if not result.all_merged:
        raise typer.Exit(1)


@app.command("workflow")
def sprint_workflow(
    install: Annotated[
        str, typer.Option(help="What the jobs `pip install` to get stackcrew.")
    ] = "stackcrew",
    python: Annotated[str, typer.Option(help="The Python version of the jobs.")] = "3.12",
    setup: Annotated[
        str | None, typer.Option(help="A shell command that prepares the project's tests.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace a different file.")] = False,
    stdout: Annotated[bool, typer.Option("--stdout", help="Print it; write nothing.")] = False,
    project: ProjectOpt = None,
) -> None:
    """Write .github/workflows/stackcrew-sprint.yml: the sprint's batches on GitHub Actions."""
    # lazy: loads only when the command runs
    from orchestrator.sprint.workflow import render_workflow, write_workflow

    text = render_workflow(install=install, python=python, setup=setup)
    if stdout:
        typer.echo(text, nl=False)
        return
    target = write_workflow(open_project_at(project).root, text, force=force)
    show(f"wrote {target}: run it from the Actions tab (workflow_dispatch), once per batch")


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date like 2026-11-30", param_hint=option
        ) from None
