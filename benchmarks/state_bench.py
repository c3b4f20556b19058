"""How fast the project state changes on a big sprint, alone and with parallel writers.

    python benchmarks/state_bench.py                       # 10,000 tasks, defaults below
    python benchmarks/state_bench.py --tasks 2000 --procs 4 --proc-transitions 50

It seeds a temporary repository with one sprint of `--tasks` tasks (written to the log and
projected with `rebuild`, as `orchestrate state rebuild` would), then measures:

1. reads: the sprint file and one task, by a process that has not read it before;
2. `--transitions` task transitions made by one process;
3. `--procs` processes each making `--proc-transitions` transitions at the same time, and
   checks that no update was lost (every transition logged once, seqs contiguous, the sprint
   file equal to the replay of the log).
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from project_state.clock import utc_now
from project_state.projection import replay
from project_state.sprint_file import Task
from project_state.task_ids import task_id_for
from project_state.store import ProjectState
from project_state.task_log import Event, TaskLog

NEXT = {
    "TODO": "IN_PROGRESS",
    "IN_PROGRESS": "IN_REVIEW",
    "IN_REVIEW": "BLOCKED",
    "BLOCKED": "TODO",
}


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="stackcrew-bench-") as folder:
        root = Path(folder)
        seeded = _seed(root, args.tasks)
        print(f"setup: sprint of {args.tasks:,} tasks seeded and rebuilt in {seeded:.2f} s")
        _bench_reads(root)
        _bench_single(root, args.transitions)
        _bench_parallel(root, args.procs, args.proc_transitions)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks in the sprint")
    parser.add_argument(
        "--transitions", type=int, default=500, help="transitions made by a single process"
    )
    parser.add_argument("--procs", type=int, default=8, help="parallel writer processes")
    parser.add_argument(
        "--proc-transitions", type=int, default=50, help="transitions made by each process"
    )
    return parser.parse_args()


def _seed(root: Path, count: int) -> float:
    began = time.perf_counter()
    state = ProjectState(root)
    state.init("bench")
    state.start_sprint("Bench", "measure", date(2026, 1, 5), date(2026, 1, 18))
    now = utc_now()
    events = [_task_added(seq=2 + n, task_id=_task_id(n), ts=now) for n in range(count)]
    TaskLog(state.paths.log, "task-log.jsonl", state.paths.torn).append(events)
    state.rebuild()
    return time.perf_counter() - began


def _task_added(seq: int, task_id: str, ts: datetime) -> Event:
    task = Task(
        id=task_id, agent="fastapi", title=f"Benchmark {task_id}", created_at=ts, updated_at=ts
    )
    data = task.model_dump(mode="json")
    return Event(seq=seq, ts=ts, task=task_id, agent="fastapi", event="task_added", data=data)


def _task_id(n: int) -> str:
    return task_id_for(None, f"bench{n}")


def _bench_reads(root: Path) -> None:
    began = time.perf_counter()
    sprint = ProjectState(root).sprint()
    read = time.perf_counter() - began
    began = time.perf_counter()
    ProjectState(root).task(_task_id(len(sprint.tasks) // 2))
    one = time.perf_counter() - began
    print(f"reads: whole sprint file {read * 1000:.0f} ms, one task {one * 1000:.0f} ms")


def _bench_single(root: Path, count: int) -> None:
    state = ProjectState(root)
    statuses: dict[str, str] = {}
    began = time.perf_counter()
    for n in range(count):
        task_id = _task_id(n % 100)
        statuses[task_id] = _move(state, task_id, statuses.get(task_id, "TODO"), "single")
    elapsed = time.perf_counter() - began
    print(
        f"single process: {count} transitions in {elapsed:.2f} s = "
        f"{count / elapsed:.1f} transitions/s ({elapsed / count * 1000:.1f} ms each)"
    )


def _bench_parallel(root: Path, procs: int, each: int) -> None:
    context = multiprocessing.get_context("spawn")
    start, times = context.Barrier(procs), context.Queue()
    first_seq = ProjectState(root).sprint().last_seq
    workers = [
        context.Process(target=_worker, args=(str(root), n, each, start, times))
        for n in range(procs)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    spans = [times.get() for _ in workers]
    elapsed = max(end for _, end in spans) - min(begin for begin, _ in spans)
    total = procs * each
    print(
        f"{procs} processes x {each} transitions: {total} in {elapsed:.2f} s = "
        f"{total / elapsed:.1f} transitions/s"
    )
    lost, contiguous, in_sync = _verify(root, procs, each, first_seq)
    print(f"lost updates: {lost} ({'ok' if lost == 0 else 'FAILED'})")
    print(f"seqs unique and contiguous: {_yes(contiguous)}; sprint == replay(log): {_yes(in_sync)}")


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO (FAILED)"


def _worker(root: str, n: int, count: int, start: Barrier, times: Queue) -> None:
    state = ProjectState(Path(root), lock_timeout=600)
    task_id, status = _task_id(1000 + n), "TODO"
    start.wait()
    began = time.time()
    for _ in range(count):
        status = _move(state, task_id, status, f"proc-{n}")
    times.put((began, time.time()))


def _move(state: ProjectState, task_id: str, status: str, run_id: str) -> str:
    target = NEXT[status]
    reason = "benchmark" if target == "BLOCKED" else None
    state.move_task(task_id, target, reason=reason, run_id=run_id)  # type: ignore[arg-type]
    return target


def _verify(root: Path, procs: int, each: int, first_seq: int) -> tuple[int, bool, bool]:
    """Transitions missing from the log; whether seqs count up by one; whether the sprint
    file equals the replay of the log."""
    state = ProjectState(root)
    events = state.events().events
    logged = Counter(e.run_id for e in events if e.seq > first_seq and e.event == "task_status")
    lost = sum(abs(each - logged[f"proc-{n}"]) for n in range(procs))
    contiguous = [e.seq for e in events] == list(range(1, len(events) + 1))
    return lost, contiguous, state.sprint() == replay(events)


if __name__ == "__main__":
    main()
