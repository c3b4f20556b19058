"""`orchestrate plan|run|direct`: tracked work on issues, and untracked direct work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from orchestrator.cli.common import (
    DryRunOpt,
    JsonOpt,
    ProjectOpt,
    emit_json,
    open_project_at,
    show,
    stream_event,
)

if TYPE_CHECKING:
    from pathlib import Path

    from orchestrator.engine import Engine
    from orchestrator.pipeline import RunResult
    from orchestrator.planning import Plan
    from orchestrator.project import Project

AgentOpt = Annotated[str | None, typer.Option("--agent", "-a", help="Override routing.")]
ReviewOpt = Annotated[
    bool,
    typer.Option(
        "--review/--no-review",
        help="End a finished run with QA's review (merging always needs an APPROVE).",
    ),
]
MaxCostOpt = Annotated[
    float | None,
    typer.Option("--max-cost", min=0.0, help="Stop cleanly before the run costs more (USD)."),
]


def plan(
    issue: Annotated[int, typer.Option("--issue", "-i", help="Issue number.")],
    agent: AgentOpt = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Show how an issue would be routed and split across agents."""
    _, built = _plan_issue(project, issue, agent)
    _print_plan(built, as_json, dry_run=False)


def run(
    issue: Annotated[int, typer.Option("--issue", "-i", help="Issue number.")],
    agent: AgentOpt = None,
    dry_run: DryRunOpt = False,
    max_cost: MaxCostOpt = None,
    review: ReviewOpt = True,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """EXECUTE: tracked work on an issue that exists in project.json, reviewed by QA."""
    proj, built = _plan_issue(project, issue, agent)
    _show_or_execute(proj, built, dry_run, as_json, max_cost, review=review)


def _plan_issue(project: Path | None, issue: int, agent: str | None) -> tuple[Project, Plan]:
    """The project and the plan for `issue`, read from the tracker as it is now."""
    # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)
    from orchestrator.forge import issue_for_work
    from orchestrator.planning import plan_execute

    proj = open_project_at(project)
    issue_for_work(proj, issue)
    return proj, plan_execute(proj, issue, agent=agent)


def direct(
    agent: Annotated[str, typer.Argument(help="The agent that does the work.")],
    task: Annotated[str, typer.Argument(help="What to do, in words.")],
    dry_run: DryRunOpt = False,
    max_cost: MaxCostOpt = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """DIRECT: untracked work, no issue needed; ownership still holds."""
    # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)
    from orchestrator.planning import plan_direct

    proj = open_project_at(project)
    _show_or_execute(proj, plan_direct(proj, agent, task), dry_run, as_json, max_cost)


def resume(
    run_id: Annotated[str, typer.Argument(help="The run to continue (see `orchestrate log`).")],
    max_cost: MaxCostOpt = None,
    review: ReviewOpt = True,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Continue an interrupted EXECUTE run from where it stopped."""
    # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)
    from orchestrator.pipeline import resume as resume_run

    proj = open_project_at(project)
    engine = _engine(proj, as_json, max_cost)
    _publish_and_report(proj, resume_run(proj, run_id, engine, review=review), as_json)


def _show_or_execute(
    proj: Project,
    built: Plan,
    dry_run: bool,
    as_json: bool,
    max_cost: float | None,
    *,
    review: bool = False,
) -> None:
    """`--dry-run` prints the plan; otherwise the plan runs with the configured engine."""
    if dry_run:
        _print_plan(built, as_json, dry_run=True)
        return
    # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)
    from orchestrator.pipeline import execute

    engine = _engine(proj, as_json, max_cost)
    _publish_and_report(proj, execute(proj, built, engine, review=review), as_json)


def _engine(proj: Project, as_json: bool, max_cost: float | None) -> Engine:
    """With --json, progress streams to stderr as JSON lines; stdout keeps the result."""
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.engines import select_engine

    return select_engine(proj, max_cost=max_cost, on_event=stream_event if as_json else None)


def _publish_and_report(proj: Project, result: RunResult, as_json: bool) -> None:
    """The run's result, with the pull request it is in on the forge; a forge error comes
    after the result, which is done and committed whatever the forge says."""
    from orchestrator.cli.format import format_run  # lazy: loads only when the command runs (Rich)
    from orchestrator.forge import publish_run
    from orchestrator.forge.errors import ForgeError

    published, failed = None, None
    try:
        published = publish_run(proj, result)
    except ForgeError as exc:
        failed = exc
    pull = None if published is None else {"number": published.number, "url": published.url,
                                            "created": published.created}  # fmt: skip
    emit_json({**result.to_json(), "pull_request": pull}) if as_json else show(format_run(result))
    if published is not None and not as_json:
        done = "Opened" if published.created else "Updated"
        show(f"{done} pull request #{published.number}: {published.url}")
    if failed is not None:
        raise failed
    rejected = result.review is not None and result.review.report.verdict != "APPROVE"
    if result.blocked is not None or rejected:
        raise typer.Exit(1)


def _print_plan(built: Plan, as_json: bool, *, dry_run: bool) -> None:
    from orchestrator.cli.format import format_plan  # lazy: loads only when the command runs (Rich)

    emit_json(built.to_json()) if as_json else show(format_plan(built, dry_run=dry_run))
