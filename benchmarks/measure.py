"""What every benchmark measures with: whole processes, bounded, in alternation.

* `run_child` runs one process to its exit (or kills it at the deadline) and reports its
  wall time, its exit code, what it printed and, when asked, the peak memory of its
  process tree;
* `alternating` runs several commands in turn, the order swapped every round, so that
  each sees the same machine; `median_seconds` and `verdict` say how it went.

Time and memory are measured in separate runs. Memory is the larger of the biggest single
process (``wait4``'s max RSS, reaped children included) and the process tree's proportional
set size (PSS) sampled every few milliseconds: a forked worker shares its parent's pages
until it writes them, and PSS counts a shared page once over the processes sharing it,
where a sum of RSS would count it in each. Without ``/proc/<pid>/smaps_rollup`` the tree's
RSS is summed instead. Sampling is not free: reading ``smaps_rollup`` walks the process's
page tables (~1 ms for 70 MB here), every 5 ms for each process of the tree, and holds its
memory map's lock while it does, so a run that samples is slower, and unevenly so (a
process using both cores loses more than one leaving a core idle). A timed run only waits:
for the process's exit to be signalled (a pidfd), with the deadline as the wait's limit.

Children run with this interpreter's environment minus ``PYTHONDONTWRITEBYTECODE``: an
installed stackcrew starts from compiled bytecode, and so do the baselines.
"""

from __future__ import annotations

import os
import select
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import NamedTuple

POLL_SECONDS = 0.005


class Child(NamedTuple):
    seconds: float
    code: int
    peak_kib: int
    stdout: str
    stderr: str


class Overran(Exception):
    """A child ran past its deadline and was killed."""


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | dict(extra or {})


def run_child(
    command: list[str],
    timeout: float,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    sample_memory: bool = False,
) -> Child:
    """Run `command` to its exit, measuring it; kill it and raise `Overran` past `timeout`.
    `peak_kib` is the process tree's peak when `sample_memory`, else the largest process's
    (``wait4``), which costs the child nothing."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
            env=dict(env) if env is not None else child_env(),
        )  # fmt: skip
        deadline = started + timeout
        if sample_memory:
            status, max_rss, tree_peak = _wait_measuring(proc, deadline)
        else:
            (status, max_rss), tree_peak = _wait_only(proc, deadline), 0
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
    return Child(
        seconds, os.waitstatus_to_exitcode(status), max(max_rss, tree_peak), stdout, stderr
    )


def _wait_only(proc: subprocess.Popen, deadline: float) -> tuple[int, int]:
    """Reap `proc` as soon as it exits: its wait status and ``wait4`` max RSS (KiB); past
    `deadline` it is killed. Without pidfds (not Linux), by polling."""
    if not hasattr(os, "pidfd_open"):
        status, max_rss, _ = _wait_measuring(proc, deadline, sample=False)
        return status, max_rss
    exited = os.pidfd_open(proc.pid)
    try:
        ready, _, _ = select.select([exited], [], [], max(deadline - time.perf_counter(), 0))
    finally:
        os.close(exited)
    if not ready:
        _kill(proc)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return status, usage.ru_maxrss


def _wait_measuring(
    proc: subprocess.Popen, deadline: float, *, sample: bool = True
) -> tuple[int, int, int]:
    """Reap `proc`: its wait status, its `wait4` max RSS and the largest process-tree memory
    sampled meanwhile (KiB); a child still running at `deadline` is killed."""
    tree_peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return status, usage.ru_maxrss, tree_peak
        if time.perf_counter() > deadline:
            _kill(proc)
        if sample:
            tree_peak = max(tree_peak, tree_memory_kib(proc.pid))
        time.sleep(POLL_SECONDS)


def _kill(proc: subprocess.Popen) -> None:
    proc.kill()
    proc.wait()
    raise Overran(f"{' '.join(map(str, proc.args))[:200]} ran too long and was killed")


def tree_memory_kib(pid: int) -> int:
    """The memory of `pid` and all its descendants now (PSS, else RSS), 0 if gone."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            total += _own_memory_kib(current)
        except OSError:
            continue
        pending += [int(child) for child in children]
    return total


def _own_memory_kib(pid: int) -> int:
    try:
        text, key = Path(f"/proc/{pid}/smaps_rollup").read_text(), "Pss:"
    except OSError:
        text, key = Path(f"/proc/{pid}/status").read_text(), "VmRSS:"
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith(key)), 0)


def run_steps(
    steps: list[list[str]],
    timeout: float,
    *,
    cwd: Path | None = None,
    sample_memory: bool = False,
) -> Child:
    """Several commands one after the other, as one: times added, the first failure's code,
    the largest peak; each bounded by what is left of `timeout`."""
    seconds, peak, outputs, errors = 0.0, 0, [], []
    for command in steps:
        left = max(timeout - seconds, 0.001)
        child = run_child(command, left, cwd=cwd, sample_memory=sample_memory)
        seconds, peak = seconds + child.seconds, max(peak, child.peak_kib)
        outputs.append(child.stdout)
        errors.append(child.stderr)
        if child.code != 0:
            return Child(seconds, child.code, peak, "".join(outputs), "".join(errors))
    return Child(seconds, 0, peak, "".join(outputs), "".join(errors))


def alternating(
    commands: Mapping[str, list[str] | list[list[str]]],
    runs: int,
    timeout: float,
    *,
    before: Callable[[str], None] | None = None,
    cwd: Path | None = None,
    allowed: Collection[int] = (0,),
    sample_memory: bool = False,
) -> dict[str, list[Child]]:
    """`runs` rounds of every command in turn (the order swapped each round), by name; a
    command given as a list of commands is their sequence (`run_steps`). A command exiting
    with a code not `allowed` stops the benchmark with its output. With `sample_memory`
    the runs measure memory (their times are not to be compared)."""
    results: dict[str, list[Child]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(runs):
        for name in names if round_ % 2 == 0 else reversed(names):
            if before is not None:
                before(name)
            command = commands[name]
            child = (
                run_steps(command, timeout, cwd=cwd, sample_memory=sample_memory)  # type: ignore[arg-type]
                if command and isinstance(command[0], list)
                else run_child(command, timeout, cwd=cwd, sample_memory=sample_memory)  # type: ignore[arg-type]
            )
            if child.code not in allowed:
                raise SystemExit(
                    f"error: {name} exited {child.code}: {(child.stderr or child.stdout)[-400:]}"
                )
            results[name].append(child)
    return results


def median_seconds(children: list[Child]) -> float:
    return statistics.median(child.seconds for child in children)


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def summary(goals: list[tuple[str, bool]]) -> str:
    """The last line of a report: how many goals were met, and which were missed."""
    missed = [name for name, met in goals if not met]
    also = f"; missed: {', '.join(missed)}" if missed else ""
    return f"summary: {len(goals) - len(missed)} of {len(goals)} goals met{also}"


def machine_load() -> str:
    """The load averages and the cores this process may use, for the report's first line."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {len(os.sched_getaffinity(0))} cores"
