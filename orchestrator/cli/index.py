"""`orchestrate index` and `orchestrate contracts`: what stackcrew reads from the code."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from orchestrator.cli.common import JsonOpt, ProjectOpt, emit_json, open_project_at, show

if TYPE_CHECKING:
    from orchestrator.index.facts import ProjectIndex


def index(
    routes: Annotated[bool, typer.Option("--routes", help="List every route too.")] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Build (or refresh) the project index and show what was indexed."""
    from orchestrator.index import build_index
    from orchestrator.index.report import format_index_summary, format_routes

    built = build_index(open_project_at(project).root)
    if as_json:
        emit_json(_index_json(built, routes=routes))
        return
    show(format_index_summary(built))
    if routes:
        show(format_routes(built))


def _index_json(built: ProjectIndex, *, routes: bool) -> dict[str, object]:
    """The counts and skipped files, and with `--routes` every route too."""
    data = asdict(built.stats) | {"skipped": [asdict(s) for s in built.skipped]}
    if routes:
        data["routes"] = [asdict(route) for route in built.routes]
    return data


def contracts(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Drift between Pydantic schemas and TypeScript interfaces, with both owners."""
    from orchestrator.index import build_index
    from orchestrator.index.contracts import check_contracts
    from orchestrator.index.report import format_contract_report

    proj = open_project_at(project)
    report = check_contracts(
        build_index(proj.root), mapping=proj.config.contracts, owner_of=proj.ownership.owner_of
    )
    emit_json(asdict(report)) if as_json else show(format_contract_report(report))
    if report.errors:
        raise typer.Exit(1)
