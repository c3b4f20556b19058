"""What the QA gate costs over its two external tools, cold, as a user meets it.

    python benchmarks/review_bench.py              # 5 alternating runs of each, per goal
    python benchmarks/review_bench.py --runs 9

It generates a FastAPI + SQLAlchemy + Vue project of about 1,000 files (models, schemas,
routers, services, tests, TypeScript types and Vue components) in a temporary git
repository, then two changes on branches of it:

1. ``one-file``: a 5-line change to one service file, one commit;
2. ``range``: 50 commits adding about 5,000 lines over 50 files.

For each, it times in alternation, as separate processes (a timeout bounds each):

* the review: ``orchestrate review --base main --no-tests --format json`` with the
  branch checked out and no ``.stackcrew-cache`` (removed before every run: cold);
* the floor: ``ruff check`` (the gate's rule selection) and ``detect-secrets scan`` of
  the same changed files.

It prints the median of each and their ratio against the goal, MET or MISSED:
one file ≤ 2 × the floor, the 50-commit range ≤ 1.5 ×.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from orchestrator.review.settings import RUFF_IGNORE, RUFF_SELECT

BIN = Path(sys.executable).parent
CHILD_TIMEOUT_SECONDS = 120
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

def total_{name}_{n}(items: list[Item{c}Response]) -> int:
    """The views of `items` above {n}, summed."""
    return sum(item.views for item in items if item.views > {n})
'''


@dataclass
class Goal:
    name: str
    branch: str
    limit: float


def generate(root: Path) -> None:
    """Write the project and commit it on `main`."""
    files = {"backend/app/models/base.py": _BASE, "backend/app/__init__.py": ""}
    for i in range(RESOURCES):
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


def one_file_change(root: Path) -> None:
    _git(root, "checkout", "-q", "-b", "one-file", "main")
    service = root / "backend/app/services/item7.py"
    service.write_text(service.read_text() + ADDED.format(name="item7", n=1, c=7).replace("list[Item7Response]", "list"))
    _commit(root, "feat: total of item7 values")


def range_change(root: Path, commits: int = 50, lines: int = 5000) -> None:
    _git(root, "checkout", "-q", "-b", "range", "main")
    per_commit = lines // commits
    for c in range(commits):
        path = root / f"backend/app/services/totals_{c}.py"
        text = f'"""Generated totals."""\n\nfrom app.schemas.item{c} import Item{c}Response\n'
        n = 0
        while text.count("\n") < per_commit:
            text += ADDED.format(name=f"t{c}", n=n, c=c)
            n += 1
        path.write_text(text)
        _commit(root, f"feat: totals {c}")


def changed_files(root: Path, branch: str) -> list[str]:
    out = _git(root, "diff", "--name-only", "-z", f"main...{branch}")
    return [p for p in out.split("\0") if p]


def review(root: Path) -> None:
    shutil.rmtree(root / ".stackcrew-cache", ignore_errors=True)
    argv = [str(BIN / "orchestrate"), "review", "--base", "main", "--no-tests", "-f", "json"]
    done = subprocess.run(
        argv, cwd=root, capture_output=True, timeout=CHILD_TIMEOUT_SECONDS, check=False
    )
    if done.returncode not in (0, 1, 3):
        sys.exit(f"review failed (exit {done.returncode}): {done.stderr.decode()[-500:]}")


def floor(root: Path, files: list[str]) -> None:
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--exit-zero", "--select",
            ",".join(RUFF_SELECT), "--ignore", ",".join(RUFF_IGNORE), "--", *files]  # fmt: skip
    for argv in (ruff, [str(BIN / "detect-secrets"), "scan", *files]):
        subprocess.run(argv, cwd=root, capture_output=True, timeout=CHILD_TIMEOUT_SECONDS,
                       check=True)  # fmt: skip


def alternate(runs: int, root: Path, files: list[str]) -> tuple[float, float]:
    """Medians of `runs` review and floor runs, alternating so both see the same machine."""
    gate, tools = [], []
    for _ in range(runs):
        gate.append(_timed(lambda: review(root)))
        tools.append(_timed(lambda: floor(root, files)))
    return statistics.median(gate), statistics.median(tools)


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    goals = [Goal("one file, 5 lines", "one-file", 2.0),
             Goal("50 commits, 5,000 lines", "range", 1.5)]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="review-bench-") as tmp:
        root = Path(tmp)
        generate(root)
        tracked = len(_git(root, "ls-files", "-z").split("\0")) - 1
        one_file_change(root)
        range_change(root)
        print(f"project: {tracked} files; medians of {args.runs} alternating cold runs")
        for goal in goals:
            _git(root, "checkout", "-q", goal.branch)
            files = changed_files(root, goal.branch)
            gate, tools = alternate(args.runs, root, files)
            ratio = gate / tools
            verdict = "MET" if ratio <= goal.limit else "MISSED"
            print(f"{goal.name:24} ({len(files)} files): review {gate * 1000:6.0f} ms, "
                  f"ruff + detect-secrets {tools * 1000:6.0f} ms, ratio {ratio:5.2f}x "
                  f"(goal <= {goal.limit}x): {verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
