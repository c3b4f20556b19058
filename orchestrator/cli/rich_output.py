"""Printing with Rich, and errors as `error:`/`hint:` lines: nothing here loads Typer.

The commands print through these, and so do the forms `orchestrator.cli.quick_commands`
answers before the CLI framework loads. Rich itself is imported at the first print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orchestrator.actions_log import no_workflow_commands

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from project_state.errors import StackcrewError


def report_error(exc: StackcrewError) -> None:
    """`error:` and `hint:` lines; the message and hint are printed exactly as written
    (a path like `pages/[id].vue` or a `[/]` in a hint is text, never Rich markup), but
    for a line a GitHub Actions runner would take for a command (`actions_log`)."""
    print_labelled("error:", "bold red", exc.message)
    if exc.hint:
        print_labelled("hint:", "yellow", exc.hint)


def print_labelled(label: str, style: str, message: str) -> None:
    """One line on stderr: a styled label, then outside text as plain text."""
    from rich.text import Text

    stderr_console().print(Text.assemble((label, style), " ", no_workflow_commands(message)))


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

    shown = Text(no_workflow_commands(renderable)) if isinstance(renderable, str) else renderable
    console().print(shown)
