"""Every command and option of both apps, on the example before and after the Quickstart,
in every output form: each exits as expected, a table is never empty and JSON parses.

The commands and options come from the Typer apps themselves and from the README, so a new
command, option or README line without a case here fails `test_every_command_and_option_has_a_case`.
"""

from __future__ import annotations

import json
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_runner import agent, orchestrate
from cli_surface import Command, commands, groups_and_commands, readme_usages, resolve

from orchestrator.scaffold import create_example
from tests.shared_build import built_once


@dataclass(frozen=True)
class Case:
    line: str  # `{root}` is the project, `{tmp}` a fresh folder, `{run}` the Quickstart's run
    code: int = 0
    states: tuple[str, ...] = ("before", "after")


CASES = [
    Case("orchestrate init --example blog {tmp}/copy"),
    Case("orchestrate init --example blog --name journal {tmp}/named"),
    Case("orchestrate init {root}"),
    Case("orchestrate init --github {root}"),
    Case("orchestrate issue new 'Add tags' --body 'Tag posts' --label backend --assignee fastapi"),
    Case("orchestrate issue new Tags --spec {tmp}/spec.yaml --json"),
    Case("orchestrate issue list"),
    Case("orchestrate issue list --status all --json"),
    Case("orchestrate issue list --status open"),
    Case("orchestrate issue list --status closed"),
    Case("orchestrate issue list --all"),
    Case("orchestrate issue show 45"),
    Case("orchestrate issue show 45 --json"),
    Case("orchestrate issue close 44"),
    Case("orchestrate issue pull 45", code=1),  # the example's tracker is local
    Case("orchestrate issue pull --json", code=1),
    Case("orchestrate sprint new 'Sprint 2' --goal Tags --start 2026-12-01 --end 2026-12-14"),
    Case("orchestrate sprint new 'Sprint 3' --id SPRINT-9"),
    Case("orchestrate sprint add 44 --agent fastapi --suffix api"),
    Case("orchestrate sprint add 44 --agent vue --suffix ui --depends-on TASK-044"),
    Case("orchestrate sprint move TASK-044 IN_PROGRESS"),
    Case("orchestrate sprint move TASK-044 BLOCKED --reason 'waiting for a review'"),
    Case("orchestrate sprint status"),
    Case("orchestrate sprint status --json"),
    Case("orchestrate sprint status --all"),
    Case("orchestrate sprint plan"),
    Case("orchestrate sprint plan --json"),
    Case("orchestrate sprint plan --matrix"),
    Case("orchestrate sprint run --max-cost 0", code=1),  # the budget lets nothing start
    Case("orchestrate sprint run --issue 44 --jobs 2 --json"),
    Case(
        "orchestrate sprint workflow --install stackcrew --python 3.12 --setup 'pip install -e backend'"
    ),
    Case("orchestrate sprint workflow --stdout --force"),
    Case("orchestrate log"),
    Case("orchestrate log --json"),
    Case("orchestrate log --task TASK-045 --agent fastapi --limit 5"),
    Case("orchestrate log --event commit --run {run} --json", states=("after",)),
    Case("orchestrate state check"),
    Case("orchestrate state rebuild"),
    Case("orchestrate state merge {root}/project_state/task-log.jsonl"),
    Case("orchestrate owners"),
    Case("orchestrate owners --json"),
    Case("orchestrate owners backend/app/models/user.py frontend/src/types/user.ts"),
    Case("orchestrate owners ../outside.py", code=2),
    Case("orchestrate owners --codeowners"),
    Case("orchestrate owners --unowned"),
    Case("orchestrate owners --unowned --json"),
    Case("orchestrate owners --explain backend/app/models/user.py README.md"),
    Case("orchestrate owners --explain backend/app/main.py --json"),
    Case("orchestrate plan --issue 45", states=("before",)),
    Case("orchestrate plan --issue 45", code=1, states=("after",)),
    Case("orchestrate plan --issue 44 --agent fastapi --json"),
    Case("orchestrate run --issue 45 --dry-run", states=("before",)),
    Case("orchestrate run --issue 45 --dry-run", code=1, states=("after",)),
    Case("orchestrate run --issue 44 --agent fastapi --dry-run --json --max-cost 0.50"),
    Case("orchestrate run --issue 44 --dry-run --no-review"),
    Case("orchestrate run --issue 44 --dry-run --review"),
    Case("orchestrate direct fastapi 'add a health check' --dry-run"),
    Case("orchestrate direct fastapi 'add a health check' --dry-run --json --max-cost 1"),
    Case("orchestrate resume run-20260101-000000-000000", code=1),
    Case("orchestrate resume {run}", code=1, states=("after",)),  # its issue is closed now
    Case("orchestrate resume {run} --json --max-cost 0.5 --no-review", code=1, states=("after",)),
    Case("orchestrate resume {run} --review", code=1, states=("after",)),
    Case("orchestrate index"),
    Case("orchestrate index --routes"),
    Case("orchestrate index --routes --json"),
    Case("orchestrate contracts"),
    Case("orchestrate contracts --json"),
    Case("orchestrate cost"),
    Case("orchestrate cost --json"),
    Case("orchestrate cost --issue 45 --run {run} --json", states=("after",)),
    Case("orchestrate review --base HEAD --no-tests"),
    Case("orchestrate review --pr 1 --no-tests", code=2),  # none before, merged after
    Case("orchestrate review --base HEAD~1 --head HEAD --format table", states=("after",)),
    Case("orchestrate review --base HEAD~1 --no-tests --format markdown", states=("after",)),
    Case("orchestrate review --base HEAD~1 --no-tests --format json", states=("after",)),
    Case("orchestrate review --base HEAD~1 --no-tests --format sarif", states=("after",)),
    Case("orchestrate review --base HEAD~1 --no-tests --format github", states=("after",)),
    Case("orchestrate review --base HEAD --post", code=2),  # no workflow event to post to
    Case("orchestrate review --base HEAD~1 --tests-to {tmp}/tests.json", states=("after",)),
    Case("orchestrate review --base HEAD --tests-from {tmp}/none.json", code=2),  # no record
    Case("orchestrate pr list"),
    Case("orchestrate pr list --json"),
    Case("orchestrate pr show 1", states=("after",)),
    Case("orchestrate pr show 1 --json", states=("after",)),
    Case("orchestrate merge --pr 1", code=1, states=("after",)),
    Case("agent list"),
    Case("agent list --json"),
    Case("agent show fastapi"),
    Case("agent show database --prompt"),
    Case("agent show vue --json"),
    Case("agent consult fastapi 'user endpoints?'"),
    Case("agent consult database 'models?' --json"),
    Case("agent consult devops 'environment variables?'"),
    Case("agent consult qa 'open findings?'"),
    Case("agent consult vue 'User interface?' --dry-run"),
]
# Run by the `after` fixture below, exactly as the Quickstart runs them.
QUICKSTART = ["orchestrate run --issue 45", "orchestrate merge --pr 1"]
JSON_FORMS = {"--json", "json", "sarif"}
SURFACE = commands()
SPEC = "kind: resource\nresource: tag\nfields:\n  - {name: label, type: str}\n"


def exercised() -> dict[str, list[list[str]]]:
    """The argument lists of every case and Quickstart step, by the command they run."""
    by_command: dict[str, list[list[str]]] = {}
    for line in [case.line for case in CASES] + QUICKSTART:
        words = shlex.split(line)
        path = resolve(words, SURFACE)
        assert path is not None, f"{line!r} runs no command"
        by_command.setdefault(path, []).append(words)
    return by_command


def missing_cases(command: Command, runs: list[list[str]]) -> list[str]:
    """What of `command` no case exercises: an option, a choice, or one of its two forms."""
    used = {word for words in runs for word in words}
    missing = [f"{command.path} {option}" for option in sorted(command.options - used)]
    for option, values in command.choices.items():
        given = {words[i + 1] for words in runs for i, w in enumerate(words[:-1]) if w == option}
        missing += [f"{command.path} {option} {value}" for value in values if value not in given]
    if "--json" in command.options and all("--json" in words for words in runs):
        missing.append(f"{command.path} (its table form)")
    return missing


def test_every_command_and_option_has_a_case() -> None:
    runs = exercised()
    missing = [path for path in SURFACE if path not in runs]
    for path, command in SURFACE.items():
        missing += missing_cases(command, runs.get(path, []))
    assert not missing, "no case in CASES for: " + "; ".join(missing)


def test_every_readme_command_and_option_has_a_case() -> None:
    runs = exercised()
    usages = readme_usages(SURFACE)
    assert {"orchestrate run", "agent consult", "orchestrate sprint status"} <= set(usages)
    missing = [
        f"{path} {' '.join(sorted(options - {'--project'}))}".strip()
        for path, options in usages.items()
        if path not in runs or not options - {"--project"} <= {w for r in runs[path] for w in r}
    ]
    assert not missing, "the README shows commands no case runs: " + "; ".join(missing)


@pytest.mark.parametrize("line", groups_and_commands())
def test_every_help_shows_its_usage(line: str) -> None:
    words = line.split()
    shown = (orchestrate if words[0] == "orchestrate" else agent)(*words[1:], "--help")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.lstrip().startswith("Usage:"), shown.stdout
    if line in SURFACE:
        assert all(option in shown.stdout for option in SURFACE[line].options), shown.stdout


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example as `init --example` makes it, and after the Quickstart's run and merge;
    built once for all workers, read only (each case runs on a copy)."""
    base = built_once(tmp_path_factory, "surface-states", build_states)
    return {"before": base / "before", "after": base / "after"}


def build_states(base: Path) -> None:
    before = base / "before"
    create_example("blog", before)
    after = base / "after"
    shutil.copytree(before, after, symlinks=True)
    for line in QUICKSTART:
        done = orchestrate(*shlex.split(line)[1:], "--project", after)
        assert done.exit_code == 0, f"{line}\n{done.output}"


def run_id(root: Path) -> str:
    events = json.loads(orchestrate("log", "--json", "--limit", "0", "--project", root).stdout)
    return next(e["run_id"] for e in events if e["event"] == "run_started")


def run_case(case: Case, command: Command, root: Path, tmp: Path):
    line = case.line.format(root=root, tmp=tmp, run=run_id(root) if "{run}" in case.line else "")
    words = shlex.split(line)
    args = [*words[1:], *(["--project", str(root)] if command.takes_project else [])]
    return words, (orchestrate if words[0] == "orchestrate" else agent)(*args)


def check_output(case: Case, words: list[str], result) -> None:
    assert result.exit_code == case.code, f"{case.line}: exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), case.line
    if case.code != 0:
        assert (result.stderr or result.stdout).strip(), f"{case.line}: says nothing"
    elif JSON_FORMS & set(words):
        json.loads(result.stdout)
    else:
        assert result.stdout.strip(), f"{case.line}: prints nothing"


@pytest.mark.slow
@pytest.mark.parametrize("state", ["before", "after"])
@pytest.mark.parametrize("path", sorted(SURFACE))
def test_the_command_runs_in_every_form(
    states: dict[str, Path], tmp_path: Path, state: str, path: str
) -> None:
    root = tmp_path / "project"
    shutil.copytree(states[state], root, symlinks=True)
    (tmp_path / "spec.yaml").write_text(SPEC)
    cases = [c for c in CASES if resolve(shlex.split(c.line), SURFACE) == path]
    for case in (c for c in cases if state in c.states):
        words, result = run_case(case, SURFACE[path], root, tmp_path)
        check_output(case, words, result)
