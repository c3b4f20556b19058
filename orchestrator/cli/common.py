"""What every command shares: the --project and --json options, output, error reporting."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from orchestrator.cli.plain import emit_json, show_text  # noqa: F401 - the commands' output
from orchestrator.cli.rich_output import (  # noqa: F401 - the commands' output
    console,
    print_labelled,
    report_error,
    show,
    stderr_console,
)
from orchestrator.repo_paths import find_repo_root, git_work_tree
from project_state.errors import Refusal, StackcrewError

if TYPE_CHECKING:
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
            raise typer.Exit(exit_code_for(exc)) from None


def exit_code_for(error: StackcrewError) -> int:
    """The exit code of a reported error: 1 when a rule refused the request, else 2 (bad
    input). Scripts and CI tell the two apart by it."""
    return 1 if isinstance(error, Refusal) else 2


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
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.project import open_project

    if project is not None:
        check_project_folder(project)
    return open_project(project)


def open_work_tree_at(project: Path | None) -> Project:
    """`open_project_at`, refused outside a git work tree (see `work_tree_at`)."""
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.project import open_project

    return open_project(work_tree_at(project))


def work_tree_at(project: Path | None) -> Path:
    """The git work tree holding `project` (default: the current directory). Commands that
    read or index the code refuse to run elsewhere: from a shared folder they would read
    everything below it and leave a cache there."""
    if project is not None:
        check_project_folder(project)
    start = (project or Path.cwd()).resolve()
    root = git_work_tree(start)
    if root is None:
        raise StackcrewError(
            f"{start} is not inside a git repository",
            hint="run it in your repository's checkout, or `git init` the project first",
        )
    return root


def repository_files(root: Path) -> list[str]:
    """Tracked files and untracked ones git does not ignore, sorted."""
    from orchestrator.git_repo import git  # lazy for start-up

    listed = git(root, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return sorted({path for path in listed.split("\0") if path})


def open_state_at(project: Path | None) -> ProjectState:
    """The state of the repository at `project`, without reading its config or agents."""
    from project_state.store import ProjectState  # lazy: the state's models are heavy

    return ProjectState(repo_root_at(project))


def repo_root_at(project: Path | None) -> Path:
    """The root of the repository at `project` (default: the current directory), for a
    command that reads neither its config nor its agents."""
    if project is not None:
        check_project_folder(project)
    return find_repo_root((project or Path.cwd()).resolve())


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


def stream_event(event: dict[str, Any]) -> None:
    """One progress event as a JSON line on stderr, for scripts watching a run."""
    sys.stderr.write(json.dumps(event, default=str) + "\n")
    sys.stderr.flush()
