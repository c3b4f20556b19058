"""`orchestrate owners`: the ownership map, the owner of given paths (and the rule that
decided, with --explain), the files nobody owns (--unowned), or a CODEOWNERS file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agents.errors import OutsideRepoError
from agents.ownership import PROTECTED_DIRS, OwnershipMap, refuse_protected, repo_relative
from orchestrator.cli.common import (
    JsonOpt,
    ProjectOpt,
    emit_json,
    open_work_tree_at,
    repository_files,
    show,
)
from project_state.errors import StackcrewError

PROTECTED_PREFIXES = tuple(f"{name}/" for name in PROTECTED_DIRS)


def owners(
    paths: Annotated[list[str] | None, typer.Argument(help="Paths to look up.")] = None,
    codeowners: Annotated[
        bool, typer.Option("--codeowners", help="Emit a CODEOWNERS file.")
    ] = False,
    unowned: Annotated[
        bool, typer.Option("--unowned", help="List the repository's files nobody owns.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Name the rule that decides each PATH.")
    ] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Print the ownership map, or name the owner of each PATH."""
    # lazy: loads only when the command runs (Rich)
    from orchestrator.cli.format import format_owners_of, format_ownership

    proj = open_work_tree_at(project)
    if codeowners:
        typer.echo(proj.ownership.codeowners(), nl=False)
        return
    if unowned:
        _show_unowned(proj.root, proj.ownership, as_json)
        return
    if explain:
        _explain(proj.root, proj.ownership, paths or [], as_json)
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


def _show_unowned(root: Path, ownership: OwnershipMap, as_json: bool) -> None:
    # lazy: loads only when the command runs (Rich)
    from orchestrator.cli.format import format_unowned

    files = _repository_files(root)
    nobodys = [path for path in files if ownership.owner_of(path) is None]
    if as_json:
        emit_json({"files": len(files), "unowned": nobodys})
    else:
        show(format_unowned(nobodys, len(files)))


def _repository_files(root: Path) -> list[str]:
    """The repository's files, stackcrew's own state left out."""
    return [path for path in repository_files(root) if not path.startswith(PROTECTED_PREFIXES)]


def _explain(root: Path, ownership: OwnershipMap, paths: list[str], as_json: bool) -> None:
    # lazy: loads only when the command runs (Rich)
    from orchestrator.cli.format import format_explained

    if not paths:
        raise StackcrewError(
            "--explain needs the paths to explain", hint="orchestrate owners --explain app/main.py"
        )
    rows = []
    for path in paths:
        rel, _, refused = _owner_row(root, ownership, path)
        rule = None if refused else ownership.deciding_rule(rel)
        rows.append({
            "path": rel,
            "owner": None if refused else ownership.owner_of(rel),
            "pattern": rule.pattern if rule else None,
            "source": rule.source if rule else None,
            "refused": refused,
        })  # fmt: skip
    emit_json(rows) if as_json else show(format_explained(rows))
    if any(row["refused"] for row in rows):
        raise typer.Exit(2)
