"""``agent consult`` answered before the CLI framework loads, when nothing needs it.

The full command loads Typer, Rich and pydantic to parse options, validate the project
and print: about a quarter of a second. A question that goes to the index needs none of
that once the project's card (`orchestrator.project_card`) is current. Only the plain
form is answered here — ``consult AGENT QUESTION`` with ``--project``/``-C`` (or
``STACKCREW_PROJECT``) and ``--json`` — for an agent the card lists, QA excepted (its
answer reads pull-request state). Everything else, including every error, takes the full
command, which also writes the card: the answer and its output are the same either way.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple


class Request(NamedTuple):
    agent: str
    question: str
    project: Path | None
    as_json: bool


def answer_quickly(argv: list[str]) -> bool:
    """Answer ``agent`` command-line arguments here if possible; False when not done."""
    request = parse_request(argv)
    if request is None or (request.project is not None and not request.project.is_dir()):
        return False  # the full command explains a --project that is not a folder
    from orchestrator.project_card import read_card
    from orchestrator.repo_paths import git_work_tree

    root = git_work_tree((request.project or Path.cwd()).resolve())
    if root is None:
        return False  # the full command refuses a folder outside a git work tree
    card = read_card(root)
    if card is None or request.agent not in card.consult_agents or request.agent == "qa":
        return False
    if not card.answers_from_index():
        return False
    from orchestrator.index import build_index
    from orchestrator.replies.answer import reply
    from project_state.errors import StackcrewError

    try:
        index = build_index(root)
    except StackcrewError:  # the full command reports it
        return False
    text, data = reply(request.agent, request.question, index, contracts=card.contracts)
    from orchestrator.cli.plain import emit_json, show_text

    emit_json(data | {"answer": text}) if request.as_json else show_text(text)
    return True


def parse_request(argv: list[str]) -> Request | None:
    """``consult AGENT QUESTION [--project P | -C P | --project=P] [--json]``, or None."""
    if not argv or argv[0] != "consult":
        return None
    positional: list[str] = []
    project: str | None = os.environ.get("STACKCREW_PROJECT") or None
    as_json = False
    rest = iter(argv[1:])
    for arg in rest:
        if arg in ("--project", "-C"):
            project = next(rest, None)
            if project is None:
                return None
        elif arg.startswith("--project="):
            project = arg.partition("=")[2]
        elif arg == "--json":
            as_json = True
        elif arg.startswith("-") and arg != "-":
            return None  # help, --dry-run, a typo: the full command knows what to say
        else:
            positional.append(arg)
    if len(positional) != 2 or project == "":
        return None
    return Request(positional[0], positional[1], Path(project) if project else None, as_json)
