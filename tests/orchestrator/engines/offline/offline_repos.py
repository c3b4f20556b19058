"""Helpers for the offline recipe tests: real repositories on disk (the blog example and
the `shop` fixture layout: src/ package, api/ routers, db/models/, migrations/, web/),
and the checks their output must pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import git

from orchestrator.engines.offline import run_recipe
from orchestrator.index import build_index
from orchestrator.index.contracts.check import check_contracts
from orchestrator.project import open_project
from orchestrator.scaffold import create_example
from orchestrator.workspace import Workspace

LAYOUTS = Path(__file__).parents[3] / "fixtures" / "layouts"
SHOP = LAYOUTS / "shop"
RUFF_RULES = "E,F,ANN,ASYNC,S,FAST,B904"

POST = {
    "resource": "post",
    "fields": [
        {"name": "title", "type": "str", "max_length": 200},
        {"name": "body", "type": "text"},
        {"name": "published", "type": "bool", "required": False, "default": False},
        {"name": "author_id", "type": "int", "references": "users.id"},
    ],
}
ORDER = {
    "resource": "order",
    "fields": [
        {"name": "code", "type": "str", "max_length": 20},
        {"name": "quantity", "type": "int"},
        {"name": "total", "type": "float"},
        {"name": "note", "type": "text", "required": False},
        {"name": "shipped_at", "type": "datetime", "required": False},
        {"name": "due", "type": "date", "required": False},
        {"name": "item_id", "type": "int", "references": "items.id"},
        {"name": "api_token", "type": "str", "required": False},
    ],
}
ALL_RECIPES = ("database.model", "fastapi.crud", "vue.client", "fastapi.health", "devops.infra")


def make_blog(dest: Path) -> Path:
    create_example("blog", dest)
    return dest


def make_shop(dest: Path) -> Path:
    return make_layout("shop", dest)


def make_layout(name: str, dest: Path) -> Path:
    """A git repository holding a copy of the fixture layout `name`, one commit. A layout
    with a `BASE` file is that other layout with its own files laid over it."""
    base = LAYOUTS / name / "BASE"
    if base.is_file():
        shutil.copytree(LAYOUTS / base.read_text().strip(), dest)
        shutil.copytree(LAYOUTS / name, dest, dirs_exist_ok=True)
        (dest / "BASE").unlink()
    else:
        shutil.copytree(LAYOUTS / name, dest)
    ignore = dest / ".gitignore"
    if not ignore.exists():  # as a real repository ignores what its test runs leave
        ignore.write_text("__pycache__/\n.ruff_cache/\n")
    repo = git.Repo.init(dest)
    repo.git.add("-A")
    with repo.config_writer() as config:
        config.set_value("user", "name", "test").set_value("user", "email", "test@example.com")
    repo.index.commit("start the shop fixture")
    return dest


def recipe(root: Path, name: str, params: dict[str, object] | None = None) -> list[str]:
    """Run one recipe as its agent would, through an ownership-checked workspace."""
    project = open_project(root)
    workspace = Workspace(project.root, project.ownership, agent=name.split(".")[0])
    return run_recipe(name, params or {}, workspace, build_index(project.root))


def run_all(root: Path, resource: dict[str, object]) -> dict[str, list[str]]:
    return {
        name: recipe(root, name, resource if name.split(".")[0] in ("database", "fastapi", "vue")
                     and name != "fastapi.health" else {})
        for name in ALL_RECIPES
    }  # fmt: skip


def commit_all(root: Path, message: str = "generated") -> None:
    repo = git.Repo(root)
    repo.git.add("-A")
    repo.index.commit(message)


def status(root: Path) -> str:
    return git.Repo(root).git.status("--porcelain")


def ruff_check(folder: Path, files: list[str]) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", RUFF_RULES,
            "--per-file-ignores", "**/tests/**:S101", *files]  # fmt: skip
    return subprocess.run(argv, cwd=folder, capture_output=True, text=True, check=False)


def backend_pytest(folder: Path) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(argv, cwd=folder, capture_output=True, text=True, check=False)


def contract_errors(root: Path) -> list[str]:
    report = check_contracts(build_index(root))
    return [f"{d.schema}.{d.field}: {d.message}" for d in report.drifts]
