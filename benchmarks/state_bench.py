"""How fast the project state reads and changes on a long sprint, measured against plain baselines.

    python benchmarks/state_bench.py                  # 10,000 tasks, 100,000 events, 10,000 issues
    python benchmarks/state_bench.py --tasks 500 --events 5000 --issues 100 --runs 3

It generates a repository whose log holds `--events` events (a sprint of `--tasks` tasks, some
moved along, the rest usage and commit events) and whose tracker holds `--issues` issues, then
prints each figure, its goal, and MET or MISSED:

1. `orchestrate sprint status`, `orchestrate log --limit 50` (table and `--json`) and
   `orchestrate issue list` as whole processes (start-up included), each against the plain
   baseline that reads the same file (`json.load` of it, or `tail -n 50`); the medians of
   `--runs` alternating runs. The start-up floor (`orchestrate sprint status` on an empty
   project) is printed too, to tell the CLI's own cost from the state's.
2. One transition at 1,000 tasks against one at `--tasks` tasks, in one process each, in
   alternating batches of as many transitions as the snapshot interval (so each batch pays
   for one snapshot); the median per transition.
3. `--procs` processes making `--proc-transitions` transitions each at the same time: no
   lost update, seqs contiguous, event ids unique, the sprint equal to the replay of the log.

Every child process has a bounded wait (`--timeout`); one that overruns is killed and reported.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from measure import Overran, alternating, machine_load, median_seconds, summary, verdict

from project_state.ledger import SNAPSHOT_EVERY
from project_state.projection import replay
from project_state.store import ProjectState

WHOLE_PROCESS_GOAL = 0.200
SIZE_RATIO_GOAL = 1.5
TS = "2026-01-05T10:00:00.000000Z"
NEXT = {
    "TODO": "IN_PROGRESS",
    "IN_PROGRESS": "IN_REVIEW",
    "IN_REVIEW": "BLOCKED",
    "BLOCKED": "TODO",
    "DONE": "IN_PROGRESS",
}


def main() -> None:
    args = _arguments()
    print(machine_load())
    with tempfile.TemporaryDirectory(prefix="stackcrew-bench-") as folder:
        root = Path(folder)
        began = time.perf_counter()
        big = _seed(root / "big", args.tasks, args.events, args.issues)
        empty = _seed(root / "empty", 0, 0, 0)
        print(f"setup: {args.tasks:,} tasks, {args.events:,} events, {args.issues:,} issues "
              f"generated in {time.perf_counter() - began:.1f} s")  # fmt: skip
        try:
            results = _bench_commands(big, empty, args.runs, args.timeout)
        except Overran as exc:
            raise SystemExit(f"error: {exc}") from None
        results.append(_bench_transitions(root, args.tasks, args.runs))
        results.append(_bench_parallel(big, args.procs, args.proc_transitions, args.timeout))
    print(f"\n{summary(results)}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks in the sprint")
    parser.add_argument("--events", type=int, default=100_000, help="events in the log")
    parser.add_argument("--issues", type=int, default=10_000, help="issues in the tracker")
    parser.add_argument("--runs", type=int, default=5, help="alternating runs of each pair")
    parser.add_argument("--procs", type=int, default=4, help="parallel writer processes")
    parser.add_argument("--proc-transitions", type=int, default=40, help="transitions each")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds any child may run")
    args = parser.parse_args()
    args.tasks, args.runs, args.procs = max(args.tasks, 1), max(args.runs, 1), max(args.procs, 1)
    args.events = max(args.events, args.tasks + 1)
    return args


# -- the generated repository ------------------------------------------------------------


def _seed(repo: Path, tasks: int, events: int, issues: int) -> Path:
    """A repository with the log, sprint and tracker described in the module docstring; the
    snapshot is rebuilt from the log and then left a little behind it, as in real use."""
    repo.mkdir(parents=True)
    state = ProjectState(repo)
    state.init("bench")
    if tasks == 0:
        return repo
    _write_issues(state, issues)
    with open(state.paths.log, "w") as log:
        log.writelines(json.dumps(line) + "\n" for line in _log_lines(tasks, events))
    state.rebuild()
    for n in range(min(100, tasks)):
        _move(state, _task_id(n), state.task(_task_id(n)).status)
    return repo


def _log_lines(tasks: int, events: int) -> list[dict]:
    sprint = {"id": "SPRINT-1", "name": "Bench", "goal": "measure",
              "start": "2026-01-05", "end": "2026-01-18"}  # fmt: skip
    lines = [_line(1, "sprint_started", None, sprint)]
    for n in range(tasks):
        lines.append(_line(len(lines) + 1, "task_added", _task_id(n), _task(n)))
    moves = min(tasks, (events - len(lines)) // 4)
    for n in range(moves):  # a quarter of what is left moves tasks along; the rest is usage
        status = ("IN_PROGRESS", "IN_REVIEW", "DONE")[n % 3]
        lines.append(_line(len(lines) + 1, "task_status", _task_id(n), {"status": status}))
    while len(lines) < events:
        name = "commit" if len(lines) % 10 == 0 else "usage"
        lines.append(_line(len(lines) + 1, name, _task_id(len(lines) % tasks), {"tokens": 1200}))
    return lines


def _line(seq: int, event: str, task: str | None, data: dict) -> dict:
    return {"v": 2, "id": f"seed-{seq}", "seq": seq, "ts": TS,
            "run_id": f"run-{seq // 40}", "task": task, "agent": "fastapi", "mode": "EXECUTE",
            "event": event, "data": data}  # fmt: skip


def _task(n: int) -> dict:
    return {"id": _task_id(n), "issue": None, "agent": "fastapi", "title": f"Benchmark task {n}",
            "status": "TODO", "depends_on": [], "branch": None, "pr": None,
            "blocked_reason": None, "created_at": TS, "updated_at": TS, "started_at": None,
            "completed_at": None}  # fmt: skip


def _task_id(n: int) -> str:
    return f"TASK-bench{n}"


def _write_issues(state: ProjectState, count: int) -> None:
    issues = [{"number": n, "title": f"Issue {n}", "body": "", "labels": ["backend"],
               "assignee": None, "status": "open" if n % 4 else "closed", "spec": None,
               "created_at": TS, "closed_at": None} for n in range(1, count + 1)]  # fmt: skip
    project = {"version": 1, "name": "bench", "next_issue": count + 1, "issues": issues}
    state.paths.project.write_text(json.dumps(project, indent=2) + "\n")
    state.project()  # it must load


# -- 1. whole processes --------------------------------------------------------------------


def _bench_commands(big: Path, empty: Path, runs: int, timeout: float) -> list[tuple[str, bool]]:
    """Each command on the big repository, its plain baseline, and the same command on an
    empty project (the CLI's start-up floor), run in turn `runs` times."""
    orchestrate = str(Path(sys.executable).with_name("orchestrate"))
    load = [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1]))"]
    state = big / "project_state"
    tail = ["tail", "-n", "50", str(state / "task-log.jsonl")]
    commands = [
        ("sprint status", ["sprint", "status"], [*load, str(state / "current-sprint.json")]),
        ("log --limit 50", ["log", "--limit", "50"], tail),
        ("log --limit 50 --json", ["log", "--limit", "50", "--json"], tail),
        ("issue list", ["issue", "list"], [*load, str(state / "project.json")]),
    ]
    interpreter = alternating({"pass": [sys.executable, "-c", "pass"]}, runs, timeout)
    print(f"\npython -c pass: {_ms(median_seconds(interpreter['pass']))} "
          "(the interpreter's own start-up on this machine now)")  # fmt: skip
    results = []
    for name, command, baseline in commands:
        timed = alternating(
            {
                "ours": [orchestrate, *command, "-C", str(big)],
                "plain": baseline,
                "floor": [orchestrate, *command, "-C", str(empty)],
            },
            runs,
            timeout,
        )
        ours, plain, floor = (median_seconds(timed[key]) for key in ("ours", "plain", "floor"))
        met = ours <= WHOLE_PROCESS_GOAL
        print(f"orchestrate {name}: {_ms(ours)} (plain baseline {_ms(plain)}; the same command "
              f"on an empty project, the CLI's start-up, {_ms(floor)}, so {_ms(ours - floor)} is "
              f"the state's own); goal ≤ {_ms(WHOLE_PROCESS_GOAL)}: {verdict(met)}")  # fmt: skip
        results.append((name, met))
    return results


# -- 2. transition cost by sprint size ------------------------------------------------------


def _bench_transitions(root: Path, tasks: int, runs: int) -> tuple[str, bool]:
    small_size = min(1_000, tasks)
    small = ProjectState(_seed(root / "small", small_size, small_size * 2, 0))
    large = ProjectState(root / "big")
    batch = SNAPSHOT_EVERY
    small_times, large_times = [], []
    statuses: dict[tuple[int, str], str] = {}
    for _ in range(runs):
        small_times.append(_batch(small, small_size, batch, statuses))
        large_times.append(_batch(large, tasks, batch, statuses))
    one, many = statistics.median(small_times), statistics.median(large_times)
    ratio = many / one
    met = ratio <= SIZE_RATIO_GOAL
    print(f"\none transition: {one * 1000:.2f} ms at {small_size:,} tasks, {many * 1000:.2f} ms "
          f"at {tasks:,} tasks (medians of {runs} alternating batches of {batch}): "
          f"{ratio:.2f}x; goal ≤ {SIZE_RATIO_GOAL}x: {verdict(met)}")  # fmt: skip
    return "transition cost independent of size", met


def _batch(
    state: ProjectState, size: int, count: int, statuses: dict[tuple[int, str], str]
) -> float:
    """Seconds per transition over `count` transitions of the sprint's last tasks."""
    began = time.perf_counter()
    for n in range(count):
        task_id = _task_id(size - 1 - n % min(size, 50))
        key = (id(state), task_id)
        statuses[key] = _move(state, task_id, statuses.get(key) or state.task(task_id).status)
    return (time.perf_counter() - began) / count


def _move(state: ProjectState, task_id: str, status: str, run_id: str | None = None) -> str:
    target = NEXT[status]
    reason = "benchmark" if target == "BLOCKED" else None
    state.move_task(task_id, target, reason=reason, run_id=run_id)  # type: ignore[arg-type]
    return target


# -- 3. parallel writers ---------------------------------------------------------------------


def _bench_parallel(repo: Path, procs: int, each: int, timeout: float) -> tuple[str, bool]:
    state = ProjectState(repo)
    for n in range(len(state.sprint().tasks), procs):  # a task of its own for each writer
        state.add_task(issue=None, agent="fastapi", title=f"Benchmark task {n}", suffix=f"bench{n}")
    first_seq = state.sprint().last_seq
    context = multiprocessing.get_context("spawn")
    start, done = context.Barrier(procs), context.Queue()
    workers = [
        context.Process(target=_worker, args=(str(repo), _task_id(n), each, f"proc-{n}", start, done, timeout))
        for n in range(procs)
    ]  # fmt: skip
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    overran = _join_all(workers, began + timeout)
    elapsed = time.perf_counter() - began
    reports = [done.get(timeout=1) for _ in range(done.qsize())] if not overran else []
    failures = [report for report in reports if report != "ok"]
    lost, contiguous, unique, in_sync = _verify(repo, procs, each, first_seq)
    met = not overran and not failures and lost == 0 and contiguous and unique and in_sync
    print(f"\n{procs} processes x {each} transitions in {elapsed:.2f} s: lost updates {lost}, "
          f"seqs contiguous {_yes(contiguous)}, event ids unique {_yes(unique)}, "
          f"sprint == replay(log) {_yes(in_sync)}; goal no lost update: {verdict(met)}")  # fmt: skip
    for failure in failures + (["a writer overran the timeout and was killed"] if overran else []):
        print(f"  {failure}")
    return "no lost update with parallel writers", met


def _join_all(workers: list, deadline: float) -> bool:
    """Wait for every worker until `deadline`; kill the ones still running. True if any was."""
    overran = False
    for worker in workers:
        worker.join(timeout=max(0.0, deadline - time.perf_counter()))
        if worker.is_alive():
            worker.kill()
            worker.join(timeout=5)
            overran = True
    return overran


def _worker(root: str, task_id: str, count: int, run_id: str, start, done, timeout: float) -> None:
    try:
        state = ProjectState(Path(root), lock_timeout=timeout)
        status = state.task(task_id).status
        start.wait(timeout=timeout)
        for _ in range(count):
            status = _move(state, task_id, status, run_id)
        done.put("ok")
    except Exception as exc:  # noqa: BLE001 - reported by the parent, never left hanging
        done.put(f"{run_id}: {type(exc).__name__}: {exc}")


def _verify(repo: Path, procs: int, each: int, first_seq: int) -> tuple[int, bool, bool, bool]:
    """Transitions missing from the log; whether seqs count up by one; whether event ids are
    unique; whether the sprint equals the replay of the log."""
    state = ProjectState(repo)
    events = state.events().events
    logged = Counter(e.run_id for e in events if e.seq > first_seq and e.event == "task_status")
    lost = sum(abs(each - logged[f"proc-{n}"]) for n in range(procs))
    contiguous = [e.seq for e in events] == list(range(1, len(events) + 1))
    unique = len({e.id for e in events}) == len(events)
    return lost, contiguous, unique, state.sprint() == replay(events)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if math.isfinite(seconds) else "failed"


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"


if __name__ == "__main__":
    main()
