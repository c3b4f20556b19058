"""Benchmark of the static index on a generated project, measured as whole processes.

    python benchmarks/index_bench.py                     # 2,000 routers, 10,000 routes, …
    python benchmarks/index_bench.py --scale 0.1 --runs 5

Prints each figure, its goal, and MET or MISSED:

1. The cold index: a whole ``orchestrate index --json`` process, from start until it exits
   (so with the cache it writes), against the same parsing work done the plainest way in one
   process (``ast.parse`` of the same ``.py`` files and tree-sitter of the same ``.ts``/
   ``.tsx``/``.vue`` script blocks); the medians of ``--runs`` alternating runs (goal: at
   most 1.5x). The peak memory of each (goal: at most 2x the baseline's): the larger of the
   biggest single process (``wait4`` max RSS, reaped children included) and the sum of RSS
   over the process tree sampled every few milliseconds.
2. A warm ``agent consult fastapi "user endpoints?"`` process at this size (goal: at most
   100 ms) and against ``python -c pass`` (goal: at most 3x), medians of alternating runs,
   after a first one that validates the project and writes its card (its time is printed).

Every child process has a bounded wait (``--timeout``); one that overruns is killed and the
benchmark stops with an error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

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
BASELINE = """
import ast, re, sys
from pathlib import Path
import tree_sitter, tree_sitter_typescript
root = Path(sys.argv[1])
ts = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript()))
tsx = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_tsx()))
script = re.compile(rb"<script[^>]*>(.*?)</script>", re.S)
files = 0
for path in root.rglob("*"):
    if ".stackcrew-cache" in path.parts or ".git" in path.parts or not path.is_file():
        continue
    if path.suffix == ".py":
        ast.parse(path.read_bytes())
    elif path.suffix in (".ts", ".mts", ".cts"):
        ts.parse(path.read_bytes())
    elif path.suffix == ".tsx":
        tsx.parse(path.read_bytes())
    elif path.suffix == ".vue":
        for block in script.findall(path.read_bytes()):
            ts.parse(block)
    else:
        continue
    files += 1
print(files)
"""
POLL_SECONDS = 0.005


class Child(NamedTuple):
    seconds: float
    peak_kib: int
    stdout: str


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


def run_child(command: list[str], timeout: float) -> Child:
    """Run one child to its exit: wall time, peak memory, stdout; killed past `timeout`."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        status, max_rss, tree_peak = wait_measuring(proc, started + timeout)
        seconds = time.perf_counter() - started
        out.seek(0)
        stdout = out.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"error: {' '.join(command)} exited {code}: {stdout[-300:]}")
    return Child(seconds, max(max_rss, tree_peak), stdout)


def wait_measuring(proc: subprocess.Popen, deadline: float) -> tuple[int, int, int]:
    """Reap `proc`: its wait status, its `wait4` max RSS and the largest process-tree RSS
    sampled meanwhile (KiB); a child still running at `deadline` is killed."""
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return status, usage.ru_maxrss, tree_peak
        if time.perf_counter() > deadline:
            proc.kill()
            proc.wait()
            raise SystemExit(f"error: {' '.join(map(str, proc.args))} ran too long; killed")
        tree_peak = max(tree_peak, tree_rss_kib(proc.pid))
        time.sleep(POLL_SECONDS)


def tree_rss_kib(pid: int) -> int:
    """The resident memory of `pid` and all its descendants now, from /proc (0 if gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
        pending += [int(child) for child in children]
    return total


def alternating(commands: dict[str, list[str]], runs: int, timeout: float, before=None):
    """`runs` rounds of every command in turn (order swapped each round); children by name."""
    results: dict[str, list[Child]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(runs):
        for name in names if round_ % 2 == 0 else reversed(names):
            if before is not None:
                before(name)
            results[name].append(run_child(commands[name], timeout))
    return results


def median_seconds(children: list[Child]) -> float:
    return statistics.median(child.seconds for child in children)


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def main() -> None:
    args = parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="stackcrew-index-bench-"))
    try:
        if not (root / "app").exists():
            generate(root, args.scale)
        print(f"project: {root}")
        print(f"cores available: {len(os.sched_getaffinity(0))}")
        report_cold(root, args.runs, args.timeout)
        report_warm(root, args.runs, args.timeout)
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
    parser.add_argument("--runs", type=int, default=5, help="alternating runs per median")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds any child may run")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    return parser.parse_args()


def console_script(name: str) -> str:
    script = Path(sys.executable).parent / name
    if not script.exists():
        raise SystemExit(f"error: no `{name}` console script next to {sys.executable}")
    return str(script)


def report_cold(root: Path, runs: int, timeout: float) -> None:
    """`orchestrate index` from no cache until it exits, against the plainest parse."""
    commands = {
        "baseline": [sys.executable, "-c", BASELINE, str(root)],
        "index": [console_script("orchestrate"), "index", "--json", "--project", str(root)],
    }

    def drop_cache(name: str) -> None:
        if name == "index":
            shutil.rmtree(root / ".stackcrew-cache", ignore_errors=True)

    results = alternating(commands, runs, timeout, before=drop_cache)
    stats = json.loads(results["index"][-1].stdout)
    counts = ", ".join(f"{count} {name}" for name, count in stats["counts"].items())
    print(
        f"indexed: {stats['files']} files, {len(stats['parsed'])} parsed: {counts}; "
        f"baseline parsed {results['baseline'][-1].stdout.strip()} files"
    )
    plain, cold = median_seconds(results["baseline"]), median_seconds(results["index"])
    print(f"baseline: one process, ast.parse + tree-sitter (median of {runs}): {plain:.3f} s")
    print(
        f"cold `orchestrate index` until it exits (median of {runs}): {cold:.3f} s  "
        f"ratio {cold / plain:.2f}x (goal <= 1.5x)  {verdict(cold <= 1.5 * plain)}"
    )
    plain_peak = max(child.peak_kib for child in results["baseline"])
    cold_peak = max(child.peak_kib for child in results["index"])
    print(
        f"peak memory: index {cold_peak / 1024:.0f} MiB, baseline {plain_peak / 1024:.0f} MiB  "
        f"ratio {cold_peak / plain_peak:.2f}x (goal <= 2x)  {verdict(cold_peak <= 2 * plain_peak)}"
    )


def report_warm(root: Path, runs: int, timeout: float) -> None:
    """A warm `agent consult` against the goal and against `python -c pass`."""
    consult = [console_script("agent"), "consult", "fastapi", "user endpoints?"]
    consult += ["--project", str(root)]
    first = run_child(consult, timeout)
    print(
        f"first agent consult (validates the project, writes its card): "
        f"{first.seconds * 1000:.0f} ms"
    )
    commands = {"python": [sys.executable, "-c", "pass"], "consult": consult}
    results = alternating(commands, runs, timeout)
    floor, warm = median_seconds(results["python"]), median_seconds(results["consult"])
    print(f"python -c pass (median of {runs}): {floor * 1000:.0f} ms")
    print(
        f"warm agent consult fastapi 'user endpoints?' (median of {runs}): {warm * 1000:.0f} ms "
        f"(goal <= 100 ms)  {verdict(warm <= 0.100)}"
    )
    print(
        f"warm agent consult against python -c pass: {warm / floor:.2f}x (goal <= 3x)  "
        f"{verdict(warm <= 3 * floor)}"
    )


if __name__ == "__main__":
    main()
