"""`orchestrate init` proposes how the repository runs its tests: the folder with the pytest
configuration, and the project's own venv or uv when it has one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from orchestrator.config import load_config
from orchestrator.test_setup import detect_test_setup
from tests.orchestrator.cli.cli_runner import orchestrate


def _files(root: Path, *paths: str, text: str = "") -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


@pytest.mark.parametrize(
    ("layout", "command", "workdir"),
    [
        ({"backend/pyproject.toml": "[tool.pytest.ini_options]\n", "backend/.venv/bin/python": ""},
         [".venv/bin/python", "-m", "pytest", "-q"], "backend"),
        ({"pytest.ini": "[pytest]\n", "uv.lock": "", "frontend/package.json": "{}"},
         ["uv", "run", "pytest", "-q"], "."),
        ({"backend/requirements.txt": "", "backend/tests/test_a.py": "", ".venv/bin/python": ""},
         ["../.venv/bin/python", "-m", "pytest", "-q"], "backend"),
        ({"src/app/setup.cfg": "[tool:pytest]\n", "src/app/tests/test_a.py": ""},
         ["python", "-m", "pytest", "-q"], "src/app"),
        ({"README.md": "", "pyproject.toml": "[project]\n"},
         ["python", "-m", "pytest", "-q"], "."),
        # As fastapi-react keeps them: tests inside the app, the fixtures at its root.
        ({"web/backend/requirements.txt": "", "web/backend/conftest.py": "",
          "web/backend/app/tests/test_a.py": "", "scripts/test.sh": ""},
         ["python", "-m", "pytest", "-q"], "web/backend"),
    ],
    ids=["backend venv", "root uv", "root venv, backend tests", "two levels down", "nothing",
         "a conftest.py beside the project"],
)  # fmt: skip
def test_the_test_folder_and_program_are_found(tmp_path, layout, command, workdir):
    for path, text in layout.items():
        _files(tmp_path, path, text=text)
    setup = detect_test_setup(tmp_path)
    assert (setup.command, setup.workdir) == (command, workdir)


def test_init_writes_and_tells_the_test_setup_it_found(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    _files(tmp_path, "backend/pyproject.toml", text="[tool.pytest.ini_options]\n")
    _files(tmp_path, "backend/.venv/bin/python")
    done = orchestrate("init", tmp_path)
    assert done.exit_code == 0, done.output
    assert "QA gate tests: `.venv/bin/python -m pytest -q` in backend" in done.stdout
    assert "pytest configuration in backend/pyproject.toml" in done.stdout
    config = load_config(tmp_path)
    assert (config.test_command, config.test_workdir) == (
        [".venv/bin/python", "-m", "pytest", "-q"],
        "backend",
    )
