"""What the QA gate costs over its two external tools, cold, as a user meets it.

    python benchmarks/review_bench.py                 # a generated project of ~1,000 files
    python benchmarks/review_bench.py --repo PATH     # a clone of a real repository
    python benchmarks/review_bench.py --runs 9

The project is generated (a FastAPI + SQLAlchemy + Vue project of about 1,000 files:
models, schemas, routers, services, tests, TypeScript types and Vue components) or cloned
from ``--repo`` into a temporary folder, so the repository itself is never written. Two
changes are made on branches of it:

1. ``one-file``: a 5-line change to one Python file (a service's, when there is one), one
   commit;
2. ``range``: 50 commits adding about 5,000 lines over 50 new files beside it.

For each, it times in alternation (the order swapped every round), as whole processes
with a bounded wait:

* the review: ``orchestrate review --base BASE --no-tests --format json`` with the branch
  checked out and no ``.stackcrew-cache`` (removed before every run: cold, like the floor);
* the floor: ``ruff check`` with the gate's rule selection, started as the gate starts it
  (`orchestrator.ruff_program`), then ``detect-secrets scan``, on the same changed files.

It prints the median of each and their ratio against the goal, MET or MISSED: one file at
most 2 x the floor, the 50-commit range at most 1.5 x.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from measure import Overran, alternating, machine_load, median_seconds, summary, verdict

from orchestrator.config.review import RUFF_IGNORE, RUFF_SELECT
from orchestrator.ruff_program import ruff_program

BIN = Path(sys.executable).parent
CHILD_TIMEOUT_SECONDS = 120.0
REVIEW_CODES = (0, 1, 3)  # APPROVE, REQUEST CHANGES, BLOCK
RESOURCES = 143  # 7 files each: about 1,000 files
MODEL = '''"""The `{name}s` table."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class {cls}(Base):
    __tablename__ = "{name}s"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    views: Mapped[int] = mapped_column(default=0)
'''
SCHEMA = '''"""{cls} schemas."""

from pydantic import BaseModel


class {cls}Create(BaseModel):
    title: str


class {cls}Response(BaseModel):
    id: int
    title: str
    views: int
'''
ROUTER = '''"""`/{name}s`."""

from fastapi import APIRouter

from app.schemas.{name} import {cls}Create, {cls}Response
from app.services.{name} import create_{name}

router = APIRouter(prefix="/{name}s", tags=["{name}"])


@router.post("", response_model={cls}Response, summary="Create a {name}")
async def create(data: {cls}Create) -> {cls}Response:
    return await create_{name}(data)
'''
SERVICE = '''"""{cls} service."""

from app.schemas.{name} import {cls}Create, {cls}Response


async def create_{name}(data: {cls}Create) -> {cls}Response:
    """A new {name}; the id is fixed in this generated service."""
    return {cls}Response(id=1, title=data.title, views=0)
'''
TEST = """from app.schemas.{name} import {cls}Create


def test_{name}_create() -> None:
    assert {cls}Create(title="x").title == "x"
"""
TYPES = """export interface {cls}Response {{
  id: number
  title: string
  views: number
}}
"""
COMPONENT = """<script setup lang="ts">
import type {{ {cls}Response }} from '../types/{name}'
defineProps<{{ item: {cls}Response }}>()
</script>

<template>
  <article>{{{{ item.title }}}}</article>
</template>
"""
ADDED = '''

def total_{name}_{n}(items: list) -> int:
    """The views of `items` above {n}, summed."""
    return sum(item.views for item in items if item.views > {n})
'''


def generate(root: Path, resources: int = RESOURCES) -> None:
    """Write the project and commit it on `main`."""
    files = {"backend/app/models/base.py": _BASE, "backend/app/__init__.py": ""}
    for i in range(resources):
        name, cls = f"item{i}", f"Item{i}"
        templates = {
            f"backend/app/models/{name}.py": MODEL,
            f"backend/app/schemas/{name}.py": SCHEMA,
            f"backend/app/routers/{name}.py": ROUTER,
            f"backend/app/services/{name}.py": SERVICE,
            f"backend/tests/test_{name}.py": TEST,
            f"frontend/src/types/{name}.ts": TYPES,
            f"frontend/src/components/{cls}Card.vue": COMPONENT,
        }
        files |= {path: text.format(name=name, cls=cls) for path, text in templates.items()}
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "chore: the generated project")


_BASE = '''"""The declarative base."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
'''


def one_file_change(root: Path, base: str, target: str) -> None:
    _git(root, "checkout", "-q", "-b", "one-file", base)
    changed = root / target
    changed.write_text(changed.read_text() + ADDED.format(name="one", n=1))
    _commit(root, "feat: a total of views")


def range_change(root: Path, base: str, target: str, commits: int = 50, lines: int = 5000) -> None:
    _git(root, "checkout", "-q", "-b", "range", base)
    folder = (root / target).parent
    per_commit = lines // commits
    for c in range(commits):
        text, n = '"""Generated totals."""\n', 0
        while text.count("\n") < per_commit:
            text += ADDED.format(name=f"t{c}", n=n)
            n += 1
        (folder / f"bench_totals_{c}.py").write_text(text)
        _commit(root, f"feat: totals {c}")


def changed_target(root: Path) -> str:
    """The Python module the one-file change edits: the first (in path order) in a `services`
    folder when there is one, else the first outside the tests; never an `__init__.py`."""
    tracked = [p for p in _git(root, "ls-files", "-z", "--", "*.py").split("\0") if p]
    candidates = [
        p
        for p in tracked
        if "test" not in p and not p.endswith("__init__.py") and (root / p).is_file()
    ]
    if not candidates:
        raise SystemExit("error: the repository has no Python file outside its tests")
    return next((p for p in candidates if "services" in p.split("/")[:-1]), candidates[0])


class Goal(NamedTuple):
    name: str
    branch: str
    limit: float


GOALS = [Goal("one file, 5 lines", "one-file", 2.0), Goal("50 commits, 5,000 lines", "range", 1.5)]


def changed_files(root: Path, base: str, branch: str) -> list[str]:
    out = _git(root, "diff", "--name-only", "-z", f"{base}...{branch}")
    return [p for p in out.split("\0") if p]


def review_command(base: str) -> list[str]:
    return [str(BIN / "orchestrate"), "review", "--base", base, "--no-tests", "-f", "json"]


def floor_steps(files: list[str]) -> list[list[str]]:
    """The gate's two tools on `files`, as the gate starts them."""
    ruff = [*ruff_program(), "check", "--no-cache", "--exit-zero", "--select",
            ",".join(RUFF_SELECT), "--ignore", ",".join(RUFF_IGNORE), "--", *files]  # fmt: skip
    return [ruff, [str(BIN / "detect-secrets"), "scan", *files]]


def measure_goal(root: Path, base: str, goal: Goal, runs: int, timeout: float) -> bool:
    _git(root, "checkout", "-q", goal.branch)
    files = changed_files(root, base, goal.branch)
    commands = {"review": review_command(base), "floor": floor_steps(files)}

    def cold(name: str) -> None:
        shutil.rmtree(root / ".stackcrew-cache", ignore_errors=True)

    results = alternating(commands, runs, timeout, before=cold, cwd=root, allowed=REVIEW_CODES)
    gate, tools = median_seconds(results["review"]), median_seconds(results["floor"])
    met = gate <= goal.limit * tools
    print(f"{goal.name:24} ({len(files)} files): review {gate * 1000:6.0f} ms, "
          f"ruff + detect-secrets {tools * 1000:6.0f} ms, ratio {gate / tools:5.2f}x; "
          f"goal <= {goal.limit}x: {verdict(met)}")  # fmt: skip
    return met


def prepare(root: Path, repo: Path | None, resources: int) -> tuple[str, str]:
    """The project in `root` with both changes on branches: its base branch, the file changed."""
    if repo is None:
        root.mkdir()
        generate(root, resources)
    else:
        done = subprocess.run(["git", "clone", "-q", str(repo), str(root)], capture_output=True,
                              text=True, timeout=CHILD_TIMEOUT_SECONDS * 5, check=False)  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"error: cannot clone {repo}: {done.stderr.strip()}")
    base = _git(root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    target = changed_target(root)
    one_file_change(root, base, target)
    range_change(root, base, target)
    return base, target


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT_SECONDS, check=True)  # fmt: skip
    return done.stdout


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.com",
         "commit", "-qm", message)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="benchmark a clone of this git repository")
    parser.add_argument("--runs", type=int, default=5, help="alternating runs per median")
    parser.add_argument("--resources", type=int, default=RESOURCES, help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=CHILD_TIMEOUT_SECONDS,
                        help="seconds any child may run")  # fmt: skip
    args = parser.parse_args()
    print(machine_load())
    with tempfile.TemporaryDirectory(prefix="review-bench-") as tmp:
        root = Path(tmp) / "project"
        base, target = prepare(root, args.repo, args.resources)
        tracked = len(_git(root, "ls-files", "-z").split("\0")) - 1
        print(f"project: {args.repo or 'generated'}, {tracked} files at {base}; the change edits "
              f"{target}; medians of {max(args.runs, 1)} alternating cold runs")  # fmt: skip
        try:
            met = [
                measure_goal(root, base, goal, max(args.runs, 1), args.timeout) for goal in GOALS
            ]
        except Overran as exc:
            raise SystemExit(f"error: {exc}") from None
    print(summary([(goal.name, ok) for goal, ok in zip(GOALS, met, strict=True)]))


if __name__ == "__main__":
    main()
