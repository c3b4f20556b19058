"""A sprint run in parallel against the same tasks run one after another.

    python benchmarks/sprint_bench.py              # 3 alternating runs of each
    python benchmarks/sprint_bench.py --runs 5

It makes a sprint on the blog example whose batches allow two tasks at a time: the health
check (fastapi) and a Tag model (database), then a Tag API (fastapi, after the model) and a
Comment model (database). For each run, from a fresh copy of that repository, it times as
separate processes (a timeout bounds each):

* parallel: ``orchestrate sprint run --jobs 2``, merges between batches included;
* serial: ``orchestrate run --issue N`` then ``orchestrate merge --pr N`` for each task in
  the plan's order, back on ``main`` after each: the same work, one task at a time.

Both must end with the same tree on ``main`` (the benchmark stops otherwise). It prints
the medians of the alternating runs and the speed-up against the goal, MET or MISSED: at
least 1.6 × on two cores. It also prints what one task's worktree costs the sprint: the
median time to add a worktree on a new branch and to remove it again.
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

BIN = Path(sys.executable).parent
ORCHESTRATE = str(BIN / "orchestrate")
CHILD_TIMEOUT_SECONDS = 600
GOAL = 1.6
TAG = "kind: resource\nresource: tag\nfields:\n  - {name: label, type: str, max_length: 50}\n"
COMMENT = "kind: resource\nresource: comment\nfields:\n  - {name: text, type: text}\n"
WAIVERS = """review:
  waivers:
    - {rule: QA-TESTS-MISSING, path: "backend/app/models/*", reason: "models are exercised by the API tests"}
"""
ISSUES = (  # (title, spec, assignee, depends on)
    ("Tag model", TAG, "database", None),
    ("Tag API", TAG, "fastapi", "TASK-046"),
    ("Comment model", COMMENT, "database", None),
)


def orchestrate(root: Path, *args: str) -> str:
    done = subprocess.run(
        [ORCHESTRATE, *args, "--project", str(root)], capture_output=True, text=True,
        timeout=CHILD_TIMEOUT_SECONDS, check=False,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise SystemExit(f"orchestrate {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def git(root: Path, *args: str) -> str:
    argv = ["git", *args]
    return subprocess.run(argv, cwd=root, capture_output=True, text=True, check=True).stdout


def prepare(base: Path) -> Path:
    """The example with #45 closed and #46 (Tag model), #47 (Tag API, after #46) and #48
    (Comment model) added to its sprint, all committed."""
    root = base / "sprint"
    subprocess.run([ORCHESTRATE, "init", "--example", "blog", str(root)], check=True,
                   capture_output=True, timeout=CHILD_TIMEOUT_SECONDS)  # fmt: skip
    with open(root / "stackcrew.yaml", "a", encoding="utf-8") as config:
        config.write(WAIVERS)
    orchestrate(root, "issue", "close", "45")
    for title, spec, assignee, depends_on in ISSUES:
        spec_file = base / f"{title.replace(' ', '-')}.yaml"
        spec_file.write_text(spec)
        new_issue = ["issue", "new", title, "--spec", str(spec_file), "--assignee", assignee]
        created = json.loads(orchestrate(root, *new_issue, "--json"))
        after = ["--depends-on", depends_on] if depends_on else []
        orchestrate(root, "sprint", "add", str(created["number"]), *after)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sprint")
    return root


def serial(root: Path, order: list[int]) -> None:
    for number in order:
        result = json.loads(orchestrate(root, "run", "--issue", str(number), "--json"))
        review = result.get("review") or {}
        if review.get("verdict") == "APPROVE":
            orchestrate(root, "merge", "--pr", str(review["pr"]))
        git(root, "checkout", "-q", "main")


def parallel(root: Path) -> None:
    orchestrate(root, "sprint", "run", "--jobs", "2", "--json")


def timed_on_copy(prepared: Path, where: Path, action) -> tuple[float, str]:
    """Seconds `action` takes on a fresh copy of the prepared repository (the copy is not
    timed), and the tree it leaves on main."""
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(prepared, where, symlinks=True)
    start = time.perf_counter()
    action(where)
    seconds = time.perf_counter() - start
    return seconds, git(where, "rev-parse", "main^{tree}").strip()


def worktree_overhead(prepared: Path, where: Path, runs: int = 5) -> float:
    """The median seconds to add one task's worktree (new branch, tracking main) and remove it."""
    from orchestrator.sprint.worktrees import Worktrees

    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(prepared, where, symlinks=True)
    trees = Worktrees(where, "main")
    times = []
    for n in range(runs):
        start = time.perf_counter()
        trees.add(f"TASK-{900 + n}", f"bench/{n}")
        trees.remove(f"TASK-{900 + n}")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sprint-bench-") as folder:
        base = Path(folder)
        prepared = prepare(base)
        plan = json.loads(orchestrate(prepared, "sprint", "plan", "--json"))
        order = [task["issue"] for batch in plan["batches"] for task in batch]
        print(f"sprint: {len(order)} tasks in {len(plan['batches'])} batches; "
              f"{os.cpu_count()} cores; medians of {args.runs} alternating runs")  # fmt: skip
        fast, slow, trees = [], [], set()
        for _ in range(args.runs):
            seconds, tree = timed_on_copy(prepared, base / "parallel", parallel)
            fast.append(seconds)
            trees.add(tree)
            seconds, tree = timed_on_copy(prepared, base / "serial", lambda r: serial(r, order))
            slow.append(seconds)
            trees.add(tree)
        if len(trees) != 1:
            raise SystemExit(f"the parallel and serial runs left different trees: {trees}")
        report(statistics.median(fast), statistics.median(slow))
        overhead = worktree_overhead(prepared, base / "worktrees")
        print(f"one task's worktree (add on a new branch, then remove): {overhead * 1000:.0f} ms")


def report(parallel_seconds: float, serial_seconds: float) -> None:
    speedup = serial_seconds / parallel_seconds
    verdict = "MET" if speedup >= GOAL else "MISSED"
    print(f"sprint run --jobs 2: {parallel_seconds:.1f} s; serial runs: {serial_seconds:.1f} s")
    print(f"speed-up {speedup:.2f}x (goal >= {GOAL}x): {verdict}")


if __name__ == "__main__":
    main()
