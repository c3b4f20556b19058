"""`orchestrate` imports only the module of the command that runs, and its `--help` lists
every command with the same one-line help the command itself carries."""

from __future__ import annotations

import inspect
import subprocess
import sys

import typer.main

from orchestrator.cli.apps import COMMANDS, orchestrate_app

COMMAND_MODULES = sorted(
    {entry.module for entry in COMMANDS.values()} | {"orchestrator.cli.agents"}
)
AGENT_MODULES = ["agents.registry", "agents.ownership"]  # what a state command never needs


def _modules_after(
    argv: list[str], watched: list[str] = COMMAND_MODULES + AGENT_MODULES
) -> set[str]:
    """The `watched` modules imported by a fresh `orchestrate ARGV` process, run in-process
    and listed by an exit handler (a command may end the process itself: `index`)."""
    probe = (
        "import atexit, sys\n"
        "from orchestrator.cli.main import run_orchestrate\n"
        f"atexit.register(lambda: print('imported:', *(m for m in {watched!r} if m in sys.modules)))\n"
        f"sys.argv = ['orchestrate', *{argv!r}]\n"
        "try:\n"
        "    run_orchestrate()\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("imported:"), out.stdout
    return set(last.split()[1:])


def test_help_imports_no_command_module():
    assert _modules_after(["--help"]) == set()


def test_a_state_command_imports_only_its_own_module_and_no_agents(blog):
    assert _modules_after(
        ["sprint", "move", "TASK-044", "IN_PROGRESS", "--project", str(blog)]
    ) == {"orchestrator.cli.sprint"}
    assert _modules_after(["state", "check", "--project", str(blog)]) == {"orchestrator.cli.state"}


def test_the_state_views_load_no_command_module_and_no_cli_framework(blog):
    frameworks = ["typer", "rich", "yaml", "orchestrator.config"]
    for argv in (["sprint", "status"], ["log", "--limit", "5"], ["issue", "list", "--json"]):
        loaded = _modules_after([*argv, "--project", str(blog)], COMMAND_MODULES + frameworks)
        assert loaded == set(), argv


def test_the_index_and_the_ci_review_load_no_command_module_and_no_typer(blog):
    watched = [*COMMAND_MODULES, "typer", "rich"]
    for argv in (["index", "--json"], ["review", "--base", "HEAD", "--no-tests", "-f", "json"]):
        assert _modules_after([*argv, "--project", str(blog)], watched) == set(), argv


def test_every_summary_is_the_first_paragraph_of_its_command_help():
    loaded = typer.main.get_command(orchestrate_app).commands
    for name, entry in COMMANDS.items():
        help_text = inspect.cleandoc(loaded[name].help or "")
        assert entry.summary == help_text.split("\n\n")[0], name
