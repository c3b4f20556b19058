"""Commands answered before the CLI framework loads, when their form is a usual one.

Importing Typer and Rich costs about as much as reading a 10,000-task sprint, and much more
than `log --limit 50` or a one-file review's own rules. These commands are parsed
here, by one parser from one table of forms (`COMMANDS`, by program), and answered by the
very functions their Typer commands call, so the output and the exit code are the same
either way:

* ``orchestrate sprint status``, ``log``, ``issue list`` — plain text from
  ``project_state/`` alone (`orchestrator.cli.state_views`);
* ``orchestrate index`` — the index built as ``orchestrate index`` builds it, without the
  config;
* ``orchestrate review --base REF`` — the CI form of the QA gate (Rich only for its table);
* ``agent consult AGENT QUESTION`` — a question the index answers, once the project's card
  (`orchestrator.project_card`) is current: no Typer, Rich, pydantic or config at all. The
  full command writes the card; QA is not answered here (its answer reads pull-request
  state), nor an agent the card does not list.

Anything else — ``--help``, a typo, a value Typer would refuse, a folder that is not one,
``review --pr`` (it records the review), ``review`` in a GitHub workflow without
``--base`` or with ``--post``, a review a model would add notes to, any error,
a torn last line of the log to warn about — takes the full command, which says what is
wrong. Nothing is printed before a command is known to be answered here.
"""

from __future__ import annotations

import os
import re
import sys
from collections import namedtuple
from collections.abc import Callable, Iterator

from orchestrator import collector

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`: no `typing`, no `pathlib` (~5 ms each)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Literal

    from orchestrator.index.project_index import ProjectIndex
    from orchestrator.review.secret_worker import SecretScanner

    Program = Literal["orchestrate", "agent"]

FLAG, VALUE = True, False
SHORT = {"-C": "--project", "-f": "--format"}
CHOICES = {
    "--status": ("open", "closed", "all"),
    "--format": ("table", "markdown", "json", "sarif", "github"),
}
INTEGER = re.compile(r"-?[0-9]+")


class Request(
    namedtuple("Request", "command options project arguments ends_process", defaults=((), False))
):
    """A command in one of the usual forms: its words (``("sprint", "status")``), its
    options by long name (``{"--limit": "5"}``), the ``--project`` folder as given (text,
    or None), the words after the command (an agent's name and a question), and whether
    the process ends with the answer (a console script's, not a caller's that goes on)."""

    __slots__ = ()


def answer_quickly(
    argv: list[str], program: Program = "orchestrate", *, ends_process: bool = False
) -> bool:
    """Answer the command-line arguments of `program` here if possible; False when not
    done. A command answered with a non-zero exit code raises `SystemExit` with it.
    `ends_process`: nothing runs after the answer, so it may end the process itself."""
    request = parse_request(argv, program)
    if request is None or not values_are_valid(request):
        return False
    request = request._replace(ends_process=ends_process)
    if request.project is not None and not os.path.isdir(request.project):
        return False  # the full command explains a --project that is not a folder
    from project_state.errors import StackcrewError  # lazy: nothing loads before it is needed

    form = COMMANDS[program][request.command]
    if not form.brief:
        collector.resume()
    try:
        code = form.answer(request)
    except StackcrewError:  # the full command reports it
        return False
    if code is None:
        return False
    if code:
        raise SystemExit(code)
    return True


def parse_request(argv: list[str], program: Program = "orchestrate") -> Request | None:
    """One of the `COMMANDS` forms of `program`, options as ``--opt value`` or
    ``--opt=value`` anywhere after the command's words, as many arguments as the form
    takes; else None."""
    forms = COMMANDS[program]
    command = next((words for words in forms if tuple(argv[: len(words)]) == words), None)
    if command is None:
        return None
    form = forms[command]
    options: dict[str, str | bool] = {}
    arguments: list[str] = []
    for name, value in _options(iter(argv[len(command) :]), {**form.options, "--project": VALUE}):
        if value is None:
            return None  # --help, a typo, a value missing: the full command answers
        if name is None:
            arguments.append(str(value))
        else:
            options[name] = value
    given = options.pop("--project", None)
    project = str(given) if given is not None else os.environ.get("STACKCREW_PROJECT") or None
    if project == "" or len(arguments) != form.arguments:
        return None
    return Request(command, options, project or None, tuple(arguments))


def _options(
    args: Iterator[str], known: dict[str, bool]
) -> Iterator[tuple[str | None, str | bool | None]]:
    """Each option by its long name with its value (True for a flag), each argument as
    (None, word); (arg, None) for anything else."""
    for arg in args:
        name, equals, attached = arg.partition("=")
        short = name in SHORT
        name = SHORT.get(name, name)
        is_flag = known.get(name)
        if is_flag is None and (arg == "-" or not arg.startswith("-")):
            yield None, arg
        elif is_flag is None or (equals and (is_flag or short)):
            yield arg, None
        elif is_flag:
            yield name, True
        else:
            yield name, attached if equals else next(args, None)


def values_are_valid(request: Request) -> bool:
    """Whether Typer would take the values as given (else it is left to say why not)."""
    options = request.options
    chosen = all(options[name] in allowed for name, allowed in CHOICES.items() if name in options)
    limit = options.get("--limit", "0")
    return chosen and isinstance(limit, str) and bool(INTEGER.fullmatch(limit))


# -- the answers: an exit code once printed, or None for the full command -----------------


def _board(request: Request) -> int | None:
    # lazy: each answer loads only what its command needs, after the form is known
    from orchestrator.cli.state_views import board_view, state_of

    state = state_of(_project_path(request))
    every, as_json = "--all" in request.options, "--json" in request.options
    sys.stdout.write(board_view(state, every_task=every, as_json=as_json))
    return _shown(request)


def _issues(request: Request) -> int | None:
    from orchestrator.cli.state_views import issues_view, state_of  # lazy: as in _board

    status = str(request.options.get("--status", "open"))
    every, as_json = "--all" in request.options, "--json" in request.options
    sys.stdout.write(
        issues_view(state_of(_project_path(request)), status, every_issue=every, as_json=as_json)
    )
    return _shown(request)


def _log(request: Request) -> int | None:
    # lazy: as in _board
    from orchestrator.cli.state_views import log_view, state_of
    from project_state.task_log import EventFilter

    given = {name: str(value) for name, value in request.options.items()}
    wanted = EventFilter(
        task=given.get("--task"),
        agent=given.get("--agent"),
        event=given.get("--event"),
        run_id=given.get("--run"),
    )
    read = state_of(_project_path(request)).newest_events(
        max(int(given.get("--limit", "50")), 0), wanted
    )
    if read.torn is not None:
        return None  # the full command warns of it
    sys.stdout.write(log_view(read.events, as_json="--json" in request.options))
    return _shown(request)


def _shown(request: Request) -> int:
    """The exit code of a state view once printed; a process that ends with the answer ends
    here, without tearing down the models and data it built (`orchestrator.cli.process_end`)."""
    if request.ends_process:
        from orchestrator.cli.process_end import exit_at_once  # lazy: as in _board

        exit_at_once()
    return 0


def _index(request: Request) -> int | None:
    # lazy: as in _board
    from pathlib import Path

    from orchestrator.cli.index_views import index_and_print

    root = _work_tree_text(request)
    if root is None:
        return None  # the full command refuses a folder outside a git work tree
    options = request.options
    index_and_print(
        Path(root),
        routes="--routes" in options,
        as_json="--json" in options,
        then_exit=request.ends_process,
    )
    return 0


def _review(request: Request) -> int | None:
    if "--base" not in request.options:
        return None  # --pr records the review; none of the two is an error to explain
    # lazy: as in _board; the scanner starts before the rest loads, to load beside it
    from orchestrator.review.secret_worker import started_scanner

    with started_scanner() as scanner:
        return _reviewed(request, scanner)


def _reviewed(request: Request, scanner: SecretScanner) -> int | None:
    # lazy: as in _board
    from orchestrator.cli.review_views import print_report
    from orchestrator.forge.ci_review import review_range
    from orchestrator.project import open_project
    from orchestrator.review.advisory import advisory_enabled

    options = request.options
    project = open_project(_project_path(request))
    if advisory_enabled(project):
        return None  # a model's notes are not asked for twice should anything fail
    base, head = str(options["--base"]), str(options.get("--head", "HEAD"))
    run_tests = "--no-tests" not in options
    report = review_range(project, base, head, run_tests=run_tests, scanner=scanner)
    print_report(report, str(options.get("--format", "table")))  # type: ignore[arg-type]
    return report.exit_code


def _consult(request: Request) -> int | None:
    """A question the index answers: printed again when it was asked of the same build of
    the index (`orchestrator.replies.stored`), else worked out and remembered."""
    from orchestrator.project_card import read_card  # lazy: as in _board

    agent, question = request.arguments
    root = _work_tree_text(request)
    if root is None:
        return None  # the full command refuses a folder outside a git work tree
    card = read_card(root)
    if card is None or agent not in card.consult_agents or agent == "qa":
        return None
    if not card.answers_from_index():
        return None
    # lazy: as in _board; neither loads a fact class
    from orchestrator.index.cache.verified import current_build
    from orchestrator.replies.stored import answer_key, remember_answer, stored_answer

    as_json = "--json" in request.options
    key, build = answer_key(agent, question, as_json, card.contracts), current_build(root)
    output = stored_answer(root, build, key) if build is not None else None
    if output is None:
        output, of_build = _worked_out(root, agent, question, as_json, card.contracts, build)
        if build is not None and of_build:
            remember_answer(root, build, key, output)
    sys.stdout.write(output)
    return 0


def _worked_out(
    root: str,
    agent: str,
    question: str,
    as_json: bool,
    contracts: dict[str, str],
    build: str | None,
) -> tuple[str, bool]:
    """The answer as `agent consult` prints it, and whether it is of `build`, the one
    just found current (else the index was built, or checked the full way, anew).

    The index of a current build is read in plain rows (`orchestrator.index.cache.plain_rows`):
    neither the fact classes nor the builder are loaded unless a section must be made again."""
    # lazy: only a question not answered before needs the index and the answers
    from orchestrator.index.cache.plain_rows import plain_index
    from orchestrator.replies.answer import reply

    index = plain_index(root, build, lambda: _built(root, False)) if build is not None else None
    if index is None and build is not None:
        index = _of_build(root, build)
    of_build = index is not None
    if index is None:
        index = _built(root, True)
    text, data = reply(agent, question, index, contracts=contracts)
    if not as_json:
        return text + "\n", of_build
    from orchestrator.cli.plain import json_text  # lazy: for --json only

    return json_text(data | {"answer": text}), of_build


def _of_build(root: str, build: str) -> ProjectIndex | None:
    """The ready cache of `build` read into the fact classes (`plain_index` could not be)."""
    # lazy: the builder and the fact classes, only when plain rows were not enough
    from pathlib import Path

    from orchestrator.index.build import index_of_build
    from orchestrator.index.cache.store import IndexCache

    return index_of_build(IndexCache(Path(root)), build)


def _built(root: str, use_cache: bool) -> ProjectIndex:
    """The index built the full way (`use_cache=False`: a damaged section made again)."""
    from pathlib import Path  # lazy: as in `_of_build`

    from orchestrator.index.build import build_index

    return build_index(Path(root), use_cache=use_cache)


def _project_path(request: Request) -> Path | None:
    from pathlib import Path  # lazy: as in _board

    return Path(request.project) if request.project is not None else None


def _work_tree_text(request: Request) -> str | None:
    from orchestrator.repo_paths import work_tree_of  # lazy: as in _board

    return work_tree_of(os.path.realpath(request.project or os.getcwd()))


Answer = Callable[[Request], "int | None"]


class Form(namedtuple("Form", "options answer arguments brief", defaults=(0, True))):
    """A command's options (besides --project/-C) as Typer spells them, by long name (FLAG
    or VALUE), its answer, how many arguments follow its words, and whether the answer is
    short enough to finish without the garbage collector (`orchestrator.collector`)."""

    __slots__ = ()


COMMANDS: dict[Program, dict[tuple[str, ...], Form]] = {
    "orchestrate": {
        ("sprint", "status"): Form({"--all": FLAG, "--json": FLAG}, _board),
        ("issue", "list"): Form({"--status": VALUE, "--all": FLAG, "--json": FLAG}, _issues),
        ("log",): Form(
            {
                "--task": VALUE,
                "--agent": VALUE,
                "--event": VALUE,
                "--run": VALUE,
                "--limit": VALUE,
                "--json": FLAG,
            },
            _log,
        ),
        ("index",): Form({"--routes": FLAG, "--json": FLAG}, _index, brief=False),
        ("review",): Form(
            {"--base": VALUE, "--head": VALUE, "--format": VALUE, "--no-tests": FLAG},
            _review,
            brief=False,
        ),
    },
    "agent": {("consult",): Form({"--json": FLAG}, _consult, arguments=2)},
}
