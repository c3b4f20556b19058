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
    from project_state.store import ProjectState

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
    """`error:` and `hint:` lines; the message and hint are printed exactly as written
    (a path like `pages/[id].vue` or a `[/]` in a hint is text, never Rich markup)."""
    print_labelled("error:", "bold red", exc.message)
    if exc.hint:
        print_labelled("hint:", "yellow", exc.hint)


def print_labelled(label: str, style: str, message: str) -> None:
    """One line on stderr: a styled label, then outside text as plain text."""
    from rich.text import Text

    stderr_console().print(Text.assemble((label, style), " ", message))


def new_app(help_text: str, cls: type[ReportingGroup] = ReportingGroup) -> typer.Typer:
    return typer.Typer(
        cls=cls,
        help=help_text,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )


def open_project_at(project: Path | None) -> Project:
    from orchestrator.project import open_project

    if project is not None:
        check_project_folder(project)
    return open_project(project)


def open_state_at(project: Path | None) -> ProjectState:
    """The state of the repository at `project`, without reading its config or agents."""
    from orchestrator.cli.state_views import state_of  # lazy: the state's models are heavy

    if project is not None:
        check_project_folder(project)
    return state_of(project)


def check_project_folder(project: Path) -> None:
    """`--project` names the repository's folder: a file or a missing path is refused rather
    than quietly standing for whichever repository holds it."""
    if project.is_dir():
        return
    what = "is a file" if project.exists() else "does not exist"
    raise StackcrewError(
        f"--project {project}: {what}, not a directory; expected the folder of a git repository",
        hint="give the repository's folder (or one inside it), e.g. `--project path/to/repo`",
    )


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def show(renderable: RenderableType) -> None:
    """Print a renderable; a plain string is text as written (it often holds a title or
    a path from outside), never markup."""
    from rich.text import Text

    console().print(Text(renderable) if isinstance(renderable, str) else renderable)


def stream_event(event: dict[str, Any]) -> None:
    """One progress event as a JSON line on stderr, for scripts watching a run."""
    sys.stderr.write(json.dumps(event, default=str) + "\n")
    sys.stderr.flush()
