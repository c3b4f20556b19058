"""`orchestrate owners`: the ownership map, the owner of given paths, or a CODEOWNERS file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agents.errors import OutsideRepoError
from agents.ownership import OwnershipMap, refuse_protected, repo_relative
from orchestrator.cli.common import JsonOpt, ProjectOpt, emit_json, open_work_tree_at, show


def owners(
    paths: Annotated[list[str] | None, typer.Argument(help="Paths to look up.")] = None,
    codeowners: Annotated[
        bool, typer.Option("--codeowners", help="Emit a CODEOWNERS file.")
    ] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the ownership map, or name the owner of each PATH."""
    from orchestrator.cli.format import format_owners_of, format_ownership

    proj = open_work_tree_at(project)
    if codeowners:
        typer.echo(proj.ownership.codeowners(), nl=False)
        return
    if not paths:
        rules = [{"pattern": r.pattern, "agent": r.agent} for r in proj.ownership.rules]
        emit_json(rules) if as_json else show(format_ownership(proj.ownership))
        return
    rows = [_owner_row(proj.root, proj.ownership, p) for p in paths]
    if as_json:
        emit_json([{"path": p, "owner": o, "refused": why} for p, o, why in rows])
    else:
        show(format_owners_of(rows))
    if any(why for _, _, why in rows):
        raise typer.Exit(2)


def _owner_row(
    root: Path, ownership: OwnershipMap, path: str
) -> tuple[str, str | None, str | None]:
    try:
        rel = repo_relative(root, path)
        refuse_protected(rel)
    except OutsideRepoError as exc:
        return path, None, f"refused: {exc.message}"
    return rel, ownership.owner_of(rel), None
