"""`benchmarks/state_bench.py` on a small sprint: every goal gets a verdict, nothing hangs."""

from __future__ import annotations

import pytest
from bench_runner import verdicts

pytestmark = pytest.mark.slow


def test_every_goal_gets_a_verdict(run_bench) -> None:
    done = run_bench("state_bench.py", "--tasks", "40", "--events", "400", "--issues", "10",
                     "--runs", "1", "--procs", "2", "--proc-transitions", "3")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(verdicts(done.stdout)) == 6, done.stdout
    assert "summary: " in done.stdout and "of 6 goals met" in done.stdout


def test_more_writers_than_tasks_finish_without_a_lost_update(run_bench) -> None:
    done = run_bench("state_bench.py", "--tasks", "3", "--events", "20", "--issues", "1",
                     "--runs", "1", "--procs", "4", "--proc-transitions", "3")  # fmt: skip
    assert done.returncode == 0, done.stderr
    writers = next(line for line in done.stdout.splitlines() if "processes x" in line)
    assert "lost updates 0" in writers and writers.endswith("MET")
