"""What every command shares: the --project and --json options, output, error reporting."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from orchestrator.cli.plain import emit_json, show_text  # noqa: F401 - the commands' output
from orchestrator.errors import StackcrewError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from orchestrator.project import Project

ProjectOpt = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        help="The target repository (default: the current directory).",
        envvar="STACKCREW_PROJECT",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print data as JSON.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Show the plan and the checks; change nothing.")
]


class ReportingGroup(TyperGroup):
    """Turns a StackcrewError anywhere below into `error:`/`hint:` lines and its exit code."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StackcrewError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None


def report_error(exc: StackcrewError) -> None:
    err = stderr_console()
    err.print(f"[bold red]error:[/] {exc.message}", highlight=False, markup=True, soft_wrap=True)
    if exc.hint:
        err.print(f"[yellow]hint:[/] {exc.hint}", highlight=False, soft_wrap=True)


def new_app(help_text: str) -> typer.Typer:
    return typer.Typer(
        cls=ReportingGroup,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )


def open_project_at(project: Path | None) -> Project:
    from orchestrator.project import open_project

    return open_project(project)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def show(renderable: RenderableType) -> None:
    console().print(renderable)


def stream_event(event: dict[str, Any]) -> None:
    """One progress event as a JSON line on stderr, for scripts watching a run."""
    sys.stderr.write(json.dumps(event, default=str) + "\n")
    sys.stderr.flush()
