"""Setting a repository up for stackcrew, or creating one from a bundled example."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from orchestrator.config import CONFIG_FILE
from orchestrator.git_repo import GitRepo
from orchestrator.test_setup import TestSetup, detect_test_setup
from project_state.atomic import write_atomic
from project_state.errors import StackcrewError
from project_state.store import ProjectState

# What stackcrew keeps in a repository but never commits.
IGNORED = (
    "project_state/.lock",
    "project_state/runs/",
    "project_state/*.torn",
    ".stackcrew-cache/",
)
COPY_IGNORE = shutil.ignore_patterns(
    "__pycache__", "*.pyc", "*.db", ".pytest_cache", ".ruff_cache", "node_modules", ".venv"
)
DEFAULT_CONFIG = """\
# stackcrew configuration; every key is optional. See `orchestrate --help`.
version: 1
# project: my-project             # defaults to project_state/project.json's name
# agents_dir: .stackcrew/agents   # project agents that add to or replace the built-ins
# ownership:                      # extra rules, applied after the agents' own (last wins)
#   - {pattern: "docs/", agent: devops}
test_command: [python, -m, pytest, -q]
test_workdir: .
"""


def config_for(tests: TestSetup) -> str:
    """The default config, with the test command and folder found in the repository."""
    command = json.dumps(tests.command)
    return DEFAULT_CONFIG.replace(
        "test_command: [python, -m, pytest, -q]\ntest_workdir: .\n",
        f"test_command: {command}\ntest_workdir: {json.dumps(tests.workdir)}\n",
    )


def examples_root() -> Path:
    """Bundled examples: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "examples", here.parent / "examples"):
        if candidate.is_dir():
            return candidate
    raise StackcrewError("the bundled examples are missing from this installation")


def example_names() -> list[str]:
    return sorted(p.name for p in examples_root().iterdir() if (p / "project_state").is_dir())


def create_example(name: str, dest: Path) -> GitRepo:
    """Copy example `name` to `dest` and make it a git repository with one commit."""
    source = examples_root() / name
    if name not in example_names():
        raise StackcrewError(
            f"no example named {name!r}", hint=f"available: {', '.join(example_names())}"
        )
    if dest.exists() and any(dest.iterdir()):
        raise StackcrewError(f"{dest} exists and is not empty", hint="choose a new directory")
    shutil.copytree(source, dest, ignore=COPY_IGNORE, dirs_exist_ok=True)
    ensure_gitignore(dest)
    return GitRepo.init(dest, f"chore: start the {name} example project")


def init_project(
    root: Path, name: str | None = None, tracker: str | None = None,
    tests: TestSetup | None = None,
) -> list[str]:  # fmt: skip
    """Create what is missing: project_state/, stackcrew.yaml (saying `tracker:` when one is
    given, and the test setup `tests` found, detected here when not given), .gitignore
    lines."""
    created = []
    state = ProjectState(root)
    if not state.exists():
        state.init(name or root.name)
        created.append("project_state/")
    if not (root / CONFIG_FILE).exists():
        chosen = f"tracker: {tracker}\n" if tracker else ""
        text = config_for(tests or detect_test_setup(root)) + chosen
        write_atomic(root / CONFIG_FILE, text.encode("utf-8"))
        created.append(CONFIG_FILE)
    if ensure_gitignore(root):
        created.append(".gitignore entries")
    return created


def ensure_gitignore(root: Path) -> bool:
    path = root / ".gitignore"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    missing = [line for line in IGNORED if line not in text.splitlines()]
    if missing:
        prefix = "" if not text or text.endswith("\n") else "\n"
        added = prefix + "\n".join(["# stackcrew", *missing]) + "\n"
        write_atomic(path, (text + added).encode("utf-8"))  # the user's file: all or nothing
    return bool(missing)
