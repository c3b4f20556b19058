"""`orchestrate index` and `orchestrate contracts`: what stackcrew reads from the code."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from orchestrator.cli.common import (
    JsonOpt,
    ProjectOpt,
    emit_json,
    open_project_at,
    show,
    work_tree_at,
)


def index(
    routes: Annotated[bool, typer.Option("--routes", help="List every route too.")] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Build (or refresh) the project index and show what was indexed."""
    from orchestrator.cli.index_views import index_and_print  # lazy: loads only when it runs

    index_and_print(work_tree_at(project), routes=routes, as_json=as_json)


def contracts(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Drift between Pydantic schemas and TypeScript interfaces, with both owners."""
    from orchestrator.index import build_index  # lazy: loads only when the command runs (Rich)
    from orchestrator.index.contracts.check import check_contracts
    from orchestrator.index.report import format_contract_report

    proj = open_project_at(project)
    report = check_contracts(
        build_index(proj.root), mapping=proj.config.contracts, owner_of=proj.ownership.owner_of
    )
    emit_json(asdict(report)) if as_json else show(format_contract_report(report))
    if report.errors:
        raise typer.Exit(1)
