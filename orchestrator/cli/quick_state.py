"""``orchestrate sprint status``, ``log`` and ``issue list`` answered before the CLI
framework loads.

Typer and Rich alone cost more start-up time than reading a 10,000-task sprint. These three
commands only read ``project_state/`` and print plain text (`orchestrator.cli.state_views`),
so their usual forms are parsed here and answered by the very functions the full commands
call: the output is the same either way. Anything else — ``--help``, a typo, a value Typer
would refuse, a folder that is not one, any error, a torn last line of the log to warn
about — takes the full command, which says what is wrong.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from project_state.store import ProjectState

# Each command's words and its options (besides --project/-C), as Typer spells them:
# True for a flag, False for an option that takes a value.
COMMANDS: dict[tuple[str, ...], dict[str, bool]] = {
    ("sprint", "status"): {"--all": True, "--json": True},
    ("issue", "list"): {"--status": False, "--all": True, "--json": True},
    ("log",): {
        "--task": False,
        "--agent": False,
        "--event": False,
        "--run": False,
        "--limit": False,
        "--json": True,
    },
}
ISSUE_STATUSES = ("open", "closed", "all")
INTEGER = re.compile(r"-?[0-9]+")


class Request(NamedTuple):
    command: tuple[str, ...]
    options: dict[str, str | bool]  # by the option's long name, e.g. {"--limit": "5"}
    project: Path | None


def answer_quickly(argv: list[str]) -> bool:
    """Answer ``orchestrate`` command-line arguments here if possible; False when not done."""
    request = parse_request(argv)
    if request is None or not values_are_valid(request):
        return False
    if request.project is not None and not request.project.is_dir():
        return False  # the full command explains a --project that is not a folder
    from orchestrator.cli.state_views import state_of
    from orchestrator.errors import StackcrewError

    try:
        text = render(request, state_of(request.project))
    except StackcrewError:  # the full command reports it
        return False
    if text is None:
        return False
    sys.stdout.write(text)
    return True


def parse_request(argv: list[str]) -> Request | None:
    """One of the `COMMANDS` forms, options as ``--opt value`` or ``--opt=value``; else None."""
    command = next((words for words in COMMANDS if tuple(argv[: len(words)]) == words), None)
    if command is None:
        return None
    known = {**COMMANDS[command], "--project": False, "-C": False}
    options: dict[str, str | bool] = {}
    for name, value in _options(iter(argv[len(command) :]), known):
        if value is None:
            return None  # a word, --help, a typo, a value missing: the full command answers
        options[name] = value
    given = options.pop("--project", None)
    project = str(given) if given is not None else os.environ.get("STACKCREW_PROJECT") or None
    if project == "":
        return None
    return Request(command, options, Path(project) if project else None)


def _options(
    args: Iterator[str], known: dict[str, bool]
) -> Iterator[tuple[str, str | bool | None]]:
    """Each option with its value (True for a flag); None for anything else."""
    for arg in args:
        name, equals, attached = arg.partition("=")
        is_flag = known.get(name)
        if is_flag is None or (equals and (is_flag or name == "-C")):
            yield arg, None
        elif is_flag:
            yield name, True
        else:
            value = attached if equals else next(args, None)
            yield ("--project" if name == "-C" else name), value  # -C is --project


def values_are_valid(request: Request) -> bool:
    """Whether Typer would take the values as given (else it is left to say why not)."""
    options = request.options
    status, limit = options.get("--status", "open"), options.get("--limit", "0")
    return status in ISSUE_STATUSES and isinstance(limit, str) and bool(INTEGER.fullmatch(limit))


def render(request: Request, state: ProjectState) -> str | None:
    """The command's output; None when the full command must answer (to warn of a torn log)."""
    from orchestrator.cli import state_views  # lazy: the views import the state's models

    options = request.options
    as_json, every = "--json" in options, "--all" in options
    if request.command == ("sprint", "status"):
        return state_views.board_view(state, every_task=every, as_json=as_json)
    if request.command == ("issue", "list"):
        status = str(options.get("--status", "open"))
        return state_views.issues_view(state, status, every_issue=every, as_json=as_json)
    return _log(request, state, as_json)


def _log(request: Request, state: ProjectState, as_json: bool) -> str | None:
    from orchestrator.cli.state_views import log_view
    from project_state.task_log import EventFilter

    given = {name: str(value) for name, value in request.options.items()}
    wanted = EventFilter(
        task=given.get("--task"),
        agent=given.get("--agent"),
        event=given.get("--event"),
        run_id=given.get("--run"),
    )
    read = state.newest_events(max(int(given.get("--limit", "50")), 0), wanted)
    return None if read.torn is not None else log_view(read.events, as_json=as_json)
