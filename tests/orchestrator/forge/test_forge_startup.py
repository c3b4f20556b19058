"""githubkit is imported only when a command talks to GitHub: the local tracker's commands,
and a GitHub project's commands that read only the local copies, never load it."""

from __future__ import annotations

import subprocess
import sys


def imports_githubkit(argv: list[str], env: dict[str, str] | None = None) -> bool:
    probe = (
        "import sys\n"
        "from orchestrator.cli.main import run_orchestrate\n"
        f"sys.argv = ['orchestrate', *{argv!r}]\n"
        "try:\n"
        "    run_orchestrate()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('githubkit' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1] == "True"


def test_local_commands_never_import_githubkit(blog):
    for argv in (["issue", "list"], ["run", "--issue", "45", "--dry-run"], ["pr", "list"]):
        assert not imports_githubkit([*argv, "--project", str(blog)]), argv


def test_a_github_project_imports_it_only_to_talk_to_github(github_project):
    root = str(github_project.root)
    assert not imports_githubkit(["issue", "list", "--project", root])
    assert imports_githubkit(["issue", "pull", "45", "--project", root])
