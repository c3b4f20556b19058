"""The value an answer shows beside an environment variable: a default the application
starts with, never a subclass's value for tests when the application's own class
requires the variable."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.orchestrator.cli.cli_runner import agent
from tests.orchestrator.index.project_tree import write_tree

# As fastapi-realworld-example-app declares its settings: required in the application's
# class, given a value in the one its tests use.
FILES = {
    "app/__init__.py": "",
    "app/settings.py": (
        "from pydantic import BaseSettings, SecretStr\n\n\n"
        "class AppSettings(BaseSettings):\n"
        "    secret_key: SecretStr\n"
        "    title: str = 'API'\n\n\n"
        "class TestAppSettings(AppSettings):\n"
        "    secret_key: SecretStr = SecretStr('test_secret')\n"
        "    title: str = 'Test API'\n"
    ),
    ".env.example": "SECRET_KEY=change-me\n",
}


def test_a_required_variable_shows_the_examples_value_not_a_test_default(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shown = agent("consult", "devops", "environment variables?", "--project", tmp_path)
    assert shown.exit_code == 0, shown.output
    lines = {line.split(" ", 1)[0]: line for line in shown.output.splitlines()[1:]}
    assert lines["SECRET_KEY"].startswith("SECRET_KEY (required) = change-me  — ")
    assert lines["TITLE"].startswith("TITLE = API  — ")
