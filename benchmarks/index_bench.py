"""Benchmark of the static index on a generated project.

    python benchmarks/index_bench.py                     # 2,000 routers, 10,000 routes, …
    python benchmarks/index_bench.py --scale 0.1 --runs 5

Prints, with labels: the cold index time against plain ``ast.parse`` of the same Python
files in the same run, alternating (goal: at most 1.5x), the time until the cache that a
forked child writes meanwhile is on disk, the warm in-process time, and the median
wall time of whole processes that answer ``fastapi "user endpoints?"`` from the warm
cache: ``python -c`` on the library, and ``agent consult`` when that console script
exists (goal: at most 300 ms), after a first one that validates the project and writes
its card, whose time is printed too.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
CONSULT = (
    "import sys; from pathlib import Path; from orchestrator.index import build_index; "
    "from orchestrator.consult import answer; "
    "a = answer('fastapi', 'user endpoints?', build_index(Path(sys.argv[1]))); "
    "print(len(a.facts['routes']))"
)


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


def plain_parse_seconds(root: Path) -> float:
    started = time.perf_counter()
    for path in root.rglob("*.py"):
        ast.parse(path.read_bytes())
    return time.perf_counter() - started


def process_median(command: list[str], runs: int) -> tuple[float, str]:
    times, output = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        output = (done.stdout or done.stderr).strip().splitlines()[-1:] or [""]
        output = output[0]
    return statistics.median(times), output


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    root = args.keep or Path(tempfile.mkdtemp(prefix="stackcrew-index-bench-"))
    try:
        if not (root / "app").exists():
            generate(root, args.scale)
        print(f"project: {root}")
        report_index(root, args.rounds)
        report_processes(root, args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full project size"
    )
    parser.add_argument("--runs", type=int, default=9, help="process runs per median")
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating plain-parse and cold-index rounds"
    )
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    return parser.parse_args()


def report_index(root: Path, rounds: int) -> None:
    """Cold builds side by side with plain parsing, alternating, best of each (the machine
    may be shared); then one warm build."""
    from orchestrator.index import build_index
    from orchestrator.index.build import wait_for_cache

    plain, cold_seconds, written_seconds = float("inf"), float("inf"), float("inf")
    for _ in range(rounds):
        plain = min(plain, plain_parse_seconds(root))
        shutil.rmtree(root / ".stackcrew-cache", ignore_errors=True)
        started = time.perf_counter()
        cold = build_index(root)
        cold_seconds = min(cold_seconds, time.perf_counter() - started)
        wait_for_cache()
        written_seconds = min(written_seconds, time.perf_counter() - started)
    started = time.perf_counter()
    warm = build_index(root)
    warm_seconds = time.perf_counter() - started
    print(
        f"files: {cold.stats.files}  routes: {len(cold.routes)}  models: {len(cold.models)}  "
        f"schemas: {len(cold.schemas)}  ts types: {len(cold.ts_types)}"
    )
    print(f"cores available: {len(os.sched_getaffinity(0))}")
    print(f"plain read + ast.parse of the Python files (best of {rounds}): {plain:.3f} s")
    print(
        f"cold index, parse + link, until it answers (best of {rounds}): "
        f"{cold_seconds:.3f} s  ratio {cold_seconds / plain:.2f}x (goal <= 1.5x)"
    )
    print(
        f"cold index with its cache on disk (written meanwhile by a forked child): "
        f"{written_seconds:.3f} s  ratio {written_seconds / plain:.2f}x"
    )
    print(f"warm index in-process ({warm.stats.source}): {warm_seconds * 1000:.1f} ms")


def report_processes(root: Path, runs: int) -> None:
    """Whole processes answering from the warm cache: the library, then the console script."""
    library, out = process_median([sys.executable, "-c", CONSULT, str(root)], runs)
    print(
        f"process: python -c consult 'user endpoints?' (median of {runs}): "
        f"{library * 1000:.0f} ms  [{out} routes]  (goal <= 300 ms)"
    )
    agent = Path(sys.executable).parent / "agent"
    cli = Path(__file__).resolve().parents[1] / "orchestrator" / "cli"
    if not (agent.exists() and cli.exists()):
        print("process: agent consult: not measured (no agent console script or orchestrator/cli)")
        return
    command = [str(agent), "consult", "fastapi", "user endpoints?", "--project", str(root)]
    first, _ = process_median(command, 1)
    print(
        "process: first agent consult (validates the project, writes its card): "
        f"{first * 1000:.0f} ms"
    )
    seconds, out = process_median(command, runs)
    print(
        f"process: agent consult fastapi 'user endpoints?' (median of {runs}): "
        f"{seconds * 1000:.0f} ms  (goal <= 300 ms)  last line: {out[:80]}"
    )


if __name__ == "__main__":
    main()
