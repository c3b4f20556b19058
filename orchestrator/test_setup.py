"""How a repository runs its tests, as `orchestrate init` proposes it for the QA gate.

The test folder is the shallowest one (the root, then each folder one or two levels down,
in name order) with a pytest configuration: `[tool.pytest.ini_options]` in
pyproject.toml, pytest.ini, `[tool:pytest]` in setup.cfg or `[pytest]` in tox.ini; else
the shallowest one with a `tests/` folder or a `conftest.py` (the tests' own root, with
the tests inside the package) beside a pyproject.toml, setup.py or requirements file;
else the root. The program is the project's own venv when it has one
(`.venv/bin/python`, in that folder or at the root), `uv run` when a uv.lock is there,
else `python` from PATH.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PYTEST_CONFIGS = (
    ("pyproject.toml", "[tool.pytest.ini_options]"),
    ("pytest.ini", ""),
    ("setup.cfg", "[tool:pytest]"),
    ("tox.ini", "[pytest]"),
)
PROJECT_FILES = ("pyproject.toml", "setup.py", "requirements.txt", "requirements-dev.txt")
SKIPPED = {"node_modules", ".venv", "venv", ".git", "project_state", ".stackcrew-cache"}
VENV_PYTHON = Path(".venv") / "bin" / "python"


@dataclass(frozen=True)
class TestSetup:
    __test__ = False  # a name pytest would otherwise collect where this is imported

    command: list[str]
    workdir: str  # relative to the repository root, POSIX
    found: list[str] = field(default_factory=list)  # what the proposal rests on, in words


def detect_test_setup(root: Path) -> TestSetup:
    folders = _candidate_folders(root)
    found: list[str] = []
    workdir = next((f for f in folders if _pytest_config(root / f, found, f)), None)
    if workdir is None:
        workdir = next((f for f in folders if _tests_beside_project(root / f, found, f)), ".")
    return TestSetup(_command(root, workdir, found), workdir, found)


def _candidate_folders(root: Path) -> list[str]:
    """The root, then folders one and two levels down, shallowest first, in name order."""
    level, folders = [root], ["."]
    for _ in range(2):
        level = sorted(
            (child for folder in level for child in _subfolders(folder)), key=lambda p: p.name
        )
        folders += [child.relative_to(root).as_posix() for child in level]
    return folders


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(
            p for p in folder.iterdir()
            if p.is_dir() and not p.is_symlink() and p.name not in SKIPPED
            and not p.name.startswith(".")
        )  # fmt: skip
    except OSError:
        return []


def _pytest_config(folder: Path, found: list[str], shown: str) -> bool:
    for name, section in PYTEST_CONFIGS:
        path = folder / name
        if path.is_file() and section in _text(path):
            found.append(f"pytest configuration in {_joined(shown, name)}")
            return True
    return False


def _tests_beside_project(folder: Path, found: list[str], shown: str) -> bool:
    if not any((folder / n).is_file() for n in PROJECT_FILES):
        return False
    if (folder / "tests").is_dir():
        found.append(f"a tests/ folder in {shown}")
        return True
    if (folder / "conftest.py").is_file():
        found.append(f"a conftest.py in {shown}")
        return True
    return False


def _command(root: Path, workdir: str, found: list[str]) -> list[str]:
    for place in dict.fromkeys((workdir, ".")):
        venv = root / place / VENV_PYTHON
        if venv.exists():
            found.append(f"the project's venv at {_joined(place, VENV_PYTHON.as_posix())}")
            relative = os.path.relpath(venv, root / workdir)
            return [Path(relative).as_posix(), "-m", "pytest", "-q"]
    for place in dict.fromkeys((workdir, ".")):
        if (root / place / "uv.lock").is_file():
            found.append(f"uv.lock in {place}")
            return ["uv", "run", "pytest", "-q"]
    return ["python", "-m", "pytest", "-q"]


def _joined(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
