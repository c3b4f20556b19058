"""`orchestrate log` and `orchestrate state check|rebuild|merge`: the log and its projection."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from orchestrator.cli.common import (
    JsonOpt,
    ProjectOpt,
    new_app,
    open_project_at,
    open_state_at,
    print_labelled,
    show,
)

app = new_app(
    "Check the sprint file against the task log, rebuild it, or merge other clones' logs."
)


def log(
    task: Annotated[str | None, typer.Option(help="Only this task id.")] = None,
    agent: Annotated[str | None, typer.Option(help="Only this agent.")] = None,
    event: Annotated[str | None, typer.Option(help="Only this event type.")] = None,
    run: Annotated[str | None, typer.Option(help="Only this run id.")] = None,
    limit: Annotated[int, typer.Option(help="Newest N events (0 = all).")] = 50,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the task log, newest last."""
    # lazy: loads only when the command runs (pydantic)
    from orchestrator.cli.state_views import log_view
    from project_state.task_log import EventFilter

    wanted = EventFilter(task=task, agent=agent, event=event, run_id=run)
    read = open_state_at(project).newest_events(max(limit, 0), wanted)
    if read.torn is not None:
        print_labelled("warning:", "yellow", read.torn.describe())
    sys.stdout.write(log_view(read.events, as_json=as_json))


@app.command("check")
def check(project: ProjectOpt = None) -> None:
    """Report drift between current-sprint.json and the replay of task-log.jsonl."""
    problems = open_project_at(project).state.check()
    for problem in problems:
        show(f"drift: {problem}")
    if problems:
        show("run `orchestrate state rebuild` to restore current-sprint.json from the log")
        raise typer.Exit(1)
    show("current-sprint.json matches task-log.jsonl")


@app.command("rebuild")
def rebuild(project: ProjectOpt = None) -> None:
    """Restore current-sprint.json by replaying task-log.jsonl."""
    sprint = open_project_at(project).state.rebuild()
    show(f"rebuilt current-sprint.json: {len(sprint.tasks)} tasks, last event {sprint.last_seq}")


@app.command("merge")
def merge(
    files: Annotated[list[Path], typer.Argument(help="task-log.jsonl files from other clones.")],
    project: ProjectOpt = None,
) -> None:
    """Fold event files written elsewhere into task-log.jsonl; a conflict changes nothing."""
    report = open_project_at(project).state.merge_events(files)
    for conflict in report.conflicts:
        show(f"conflict: {conflict}")
    if report.conflicts:
        show("nothing was merged: move those tasks one way by hand, then merge again")
        raise typer.Exit(1)
    show(f"merged {report.added} new events from {len(files)} file(s) ({report.known} known)")
    if report.sprint is not None:
        show(f"rebuilt current-sprint.json: {len(report.sprint.tasks)} tasks")
