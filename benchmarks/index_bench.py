"""Benchmark of the static index, measured as whole processes.

    python benchmarks/index_bench.py                     # a generated project: 10,000 routes, …
    python benchmarks/index_bench.py --repo PATH         # a copy of a real repository
    python benchmarks/index_bench.py --scale 0.1 --runs 5

The project is generated (``--scale`` of 2,000 routers with 10,000 routes, models, schemas
and TypeScript types) or copied from ``--repo`` (its files without ``.git``), so the
repository itself is never written. Prints each figure, its goal, and MET or MISSED:

1. The cold index: a whole ``orchestrate index --json`` process, from start until it exits
   (so with the cache it writes), against the same parsing work done the plainest way in one
   process (`plain_parse.py`: the same files, ``ast.parse``, tree-sitter, PyYAML); the
   medians of ``--runs`` alternating runs (goal: at most 1.5x). The peak memory of each
   (goal: at most 2x the baseline's), measured as `measure.py` says, in 3 more alternating
   runs of each: sampling memory slows a process, so those runs are not timed.
2. A warm ``agent consult fastapi "user endpoints?"`` process (goal: at most 100 ms) and
   against ``python -c pass`` (goal, for a real application given with ``--repo``: at most
   3x; on a generated project the ratio is printed without a goal), medians of alternating
   runs, after a first one that validates the project and writes its card (its time is
   printed): the question asked for the first time in this build (its remembered answers
   dropped before each run: the answer is worked out of the index), and asked again
   (printed as remembered), each against the goals.

Every child process has a bounded wait (``--timeout``); one that overruns is killed and the
benchmark stops with an error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import (
    Overran,
    alternating,
    machine_load,
    median_seconds,
    run_child,
    summary,
    verdict,
)

RESOURCES = (
    "user",
    "post",
    "comment",
    "order",
    "invoice",
    "product",
    "team",
    "tag",
    "report",
    "file",
)
PLAIN_PARSE = Path(__file__).with_name("plain_parse.py")
RATIO_NOT_A_GOAL = "no goal on a generated project (3x is for a real application: --repo)"
MEMORY_RUNS = 3  # alternating runs that sample memory; their times are not used
Goal = tuple[str, bool]


def router_module(i: int, routes: int) -> str:
    resource = f"{RESOURCES[i % len(RESOURCES)]}s"
    lines = [
        "from typing import Annotated",
        "from fastapi import APIRouter, Depends, Query, status",
        f"from app.schemas.s{i % 500:04d} import Item{i % 500}Create, Item{i % 500}Out",
        "from app.deps import CurrentUser, get_db",
        "",
        f'router = APIRouter(prefix="/{resource}{i}", tags=["{resource}"])',
        "",
    ]
    verbs = ("get", "post", "put", "patch", "delete")
    for r in range(routes):
        verb = verbs[r % len(verbs)]
        path = "" if r == 0 else f"/{{item_id}}/r{r}"
        body = f"payload: Item{i % 500}Create, " if verb in ("post", "put", "patch") else ""
        item = "item_id: int, " if path else ""
        lines += [
            f'@router.{verb}("{path}", response_model=Item{i % 500}Out, status_code=200)',
            (
                f"async def handler_{i}_{r}({item}{body}user: CurrentUser,"
                " db: Annotated[object, Depends(get_db)], limit: Annotated[int, Query(le=100)] = 10):"
            ),
            f'    """Handler {r} of router {i}."""',
            "    return None",
            "",
        ]
    return "\n".join(lines)


def model_module(i: int, per_module: int) -> str:
    lines = [
        "from sqlalchemy import ForeignKey, String",
        "from sqlalchemy.orm import Mapped, mapped_column, relationship",
        "from app.db import Base",
        "",
    ]
    for m in range(per_module):
        name = f"Model{i}_{m}"
        lines += [
            f"class {name}(Base):",
            f'    __tablename__ = "t_{i}_{m}"',
            "    id: Mapped[int] = mapped_column(primary_key=True)",
            "    name: Mapped[str] = mapped_column(String(100), index=True)",
            "    note: Mapped[str | None]",
            '    owner_id: Mapped[int] = mapped_column(ForeignKey("t_0_0.id"))',
            "",
        ]
    return "\n".join(lines)


def schema_module(i: int) -> str:
    return "\n".join(
        [
            "from pydantic import BaseModel, Field",
            "",
            f"class Item{i}Create(BaseModel):",
            "    title: str = Field(max_length=200)",
            "    count: int = 0",
            "",
            f"class Item{i}Out(Item{i}Create):",
            "    id: int",
            "",
        ]
    )


def ts_module(i: int) -> str:
    return "\n".join(
        f"export interface Item{i}Out{k} {{\n  id: number;\n  title: string;\n  count?: number;\n}}\n"
        for k in range(3)
    )


def generate(root: Path, scale: float) -> None:
    routers, routes, model_files, per_model, schemas, ts_files = (
        max(1, int(2000 * scale)),
        5,
        max(1, int(200 * scale)),
        5,
        500,
        max(1, int(500 * scale)),
    )
    app = root / "app"
    for folder in ("routers", "models", "schemas"):
        (app / folder).mkdir(parents=True)
        (app / folder / "__init__.py").write_text("")
    (app / "__init__.py").write_text("")
    (app / "db.py").write_text(
        "from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n"
    )
    (app / "deps.py").write_text(
        "from typing import Annotated\nfrom fastapi import Depends\n\n"
        "def get_db():\n    yield None\n\ndef get_current_user():\n    return None\n\n"
        "CurrentUser = Annotated[object, Depends(get_current_user)]\n"
    )
    for i in range(min(schemas, max(routers, 1))):
        (app / "schemas" / f"s{i:04d}.py").write_text(schema_module(i))
    for i in range(routers):
        (app / "routers" / f"r{i:04d}.py").write_text(router_module(i, routes))
    for i in range(model_files):
        (app / "models" / f"m{i:04d}.py").write_text(model_module(i, per_model))
    main = [
        "from fastapi import FastAPI",
        *(f"from app.routers import r{i:04d}" for i in range(routers)),
    ]
    main += [
        "",
        "app = FastAPI()",
        *(f'app.include_router(r{i:04d}.router, prefix="/api")' for i in range(routers)),
    ]
    (app / "main.py").write_text("\n".join(main) + "\n")
    types = root / "frontend" / "src" / "types"
    types.mkdir(parents=True)
    for i in range(ts_files):
        (types / f"t{i:04d}.ts").write_text(ts_module(i))
    make_work_tree(root)


def main() -> None:
    args = parse_args()
    print(machine_load())
    with tempfile.TemporaryDirectory(prefix="stackcrew-index-bench-") as scratch:
        root = args.keep or Path(scratch) / "project"
        if args.repo is not None and not root.exists():
            copy_repository(args.repo, root)
        elif not (root / "app").exists():
            generate(root, args.scale)
        print(f"project: {args.repo or root}")
        try:
            goals = report_cold(root, args.runs, args.timeout)
            goals += report_warm(root, args.runs, args.timeout, real=args.repo is not None)
        except Overran as exc:
            raise SystemExit(f"error: {exc}") from None
    print(summary(goals))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full generated project"
    )
    parser.add_argument("--repo", type=Path, help="benchmark a copy of this repository instead")
    parser.add_argument("--runs", type=int, default=5, help="alternating runs per median")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds any child may run")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    args.runs = max(args.runs, 1)
    return args


def copy_repository(repo: Path, root: Path) -> None:
    """The repository's files (not its git objects, not stackcrew's cache) under `root`."""
    if not repo.is_dir():
        raise SystemExit(f"error: --repo {repo}: not a directory")
    ignored = shutil.ignore_patterns(".git", ".stackcrew-cache")
    shutil.copytree(repo, root, symlinks=True, ignore=ignored)
    make_work_tree(root)


def make_work_tree(root: Path) -> None:
    """An empty git repository around the files: stackcrew indexes only a git work tree."""
    subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)


def console_script(name: str) -> str:
    script = Path(sys.executable).parent / name
    if not script.exists():
        raise SystemExit(f"error: no `{name}` console script next to {sys.executable}")
    return str(script)


def report_cold(root: Path, runs: int, timeout: float) -> list[Goal]:
    """`orchestrate index` from no cache until it exits, against the plainest parse."""
    commands = {
        "baseline": [sys.executable, str(PLAIN_PARSE), str(root)],
        "index": [console_script("orchestrate"), "index", "--json", "--project", str(root)],
    }

    def drop_cache(name: str) -> None:
        if name == "index":
            shutil.rmtree(root / ".stackcrew-cache", ignore_errors=True)

    results = alternating(commands, runs, timeout, before=drop_cache)
    sampled = alternating(commands, MEMORY_RUNS, timeout, before=drop_cache, sample_memory=True)
    stats = json.loads(results["index"][-1].stdout)
    counts = ", ".join(f"{count} {name}" for name, count in stats["counts"].items())
    print(
        f"indexed: {stats['files']} files, {len(stats['parsed'])} parsed: {counts}; "
        f"baseline parsed {results['baseline'][-1].stdout.strip()} files"
    )
    plain, cold = median_seconds(results["baseline"]), median_seconds(results["index"])
    print(f"baseline: one process, the same files and parsers (median of {runs}): {plain:.3f} s")
    time_met = cold <= 1.5 * plain
    print(
        f"cold `orchestrate index` until it exits (median of {runs}): {cold:.3f} s  "
        f"ratio {cold / plain:.2f}x; goal <= 1.5x: {verdict(time_met)}"
    )
    plain_peak = max(child.peak_kib for child in sampled["baseline"])
    cold_peak = max(child.peak_kib for child in sampled["index"])
    memory_met = cold_peak <= 2 * plain_peak
    print(
        f"peak memory (largest of {MEMORY_RUNS} runs each, not timed): "
        f"index {cold_peak / 1024:.0f} MiB, baseline {plain_peak / 1024:.0f} MiB  "
        f"ratio {cold_peak / plain_peak:.2f}x; goal <= 2x: {verdict(memory_met)}"
    )
    return [("cold index time", time_met), ("cold index memory", memory_met)]


def report_warm(root: Path, runs: int, timeout: float, *, real: bool) -> list[Goal]:
    """A warm `agent consult` against the goal and against `python -c pass`: a question asked
    for the first time in this build (its remembered answers dropped before each run), which
    is what the goals are for, and the same question asked again, printed as remembered."""
    consult = [console_script("agent"), "consult", "fastapi", "user endpoints?"]
    consult += ["--project", str(root)]
    first = run_child(consult, timeout)
    if first.code != 0:
        raise SystemExit(f"error: agent consult exited {first.code}: {first.stderr[-400:]}")
    print(
        f"first agent consult (validates the project, writes its card): "
        f"{first.seconds * 1000:.0f} ms"
    )

    def forget_answers(name: str) -> None:
        if name == "first asked":
            shutil.rmtree(root / ".stackcrew-cache" / "answers", ignore_errors=True)

    commands = {
        "python": [sys.executable, "-c", "pass"],
        "first asked": consult,
        "asked again": consult,
    }
    results = alternating(commands, runs, timeout, before=forget_answers)
    floor = median_seconds(results["python"])
    print(f"python -c pass (median of {runs}): {floor * 1000:.0f} ms")
    goals = []
    for name in ("first asked", "asked again"):
        warm = median_seconds(results[name])
        absolute_met, ratio_met = warm <= 0.100, warm <= 3 * floor
        print(
            f"warm agent consult fastapi 'user endpoints?', {name} (median of {runs}): "
            f"{warm * 1000:.0f} ms; goal <= 100 ms: {verdict(absolute_met)}"
        )
        ratio_goal = f"goal <= 3x: {verdict(ratio_met)}" if real else RATIO_NOT_A_GOAL
        print(
            f"warm agent consult, {name}, against python -c pass: {warm / floor:.2f}x; {ratio_goal}"
        )
        goals += [(f"warm consult time, {name}", absolute_met)]
        if real:
            goals += [(f"warm consult against python, {name}", ratio_met)]
    return goals


if __name__ == "__main__":
    main()
