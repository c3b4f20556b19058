"""`orchestrate init`: set up stackcrew in a repository, or create an example project."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orchestrator.cli.common import show


def init(
    directory: Annotated[Path | None, typer.Argument(help="Target (default: here).")] = None,
    example: Annotated[
        str | None, typer.Option("--example", help="Create DIRECTORY from a bundled example.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Project name.")] = None,
) -> None:
    """Set up project_state/ and stackcrew.yaml, or copy an example (`--example blog DIR`)."""
    from orchestrator.scaffold import create_example, init_project

    target = (directory or Path.cwd()).resolve()
    if example:
        create_example(example, target)
        show(f"Created the {example!r} example in {target} (a git repository, one commit).")
        show(f"Next: cd {target} && orchestrate sprint status")
        return
    created = init_project(target, name)
    show(f"Set up stackcrew in {target}: " + (", ".join(created) or "nothing was missing"))
