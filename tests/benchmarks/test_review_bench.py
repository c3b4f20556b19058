"""`benchmarks/review_bench.py` on a small generated project and on a real repository: a
verdict for both goals, the repository it is given left as it was."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from bench_runner import verdicts

pytestmark = pytest.mark.slow


def test_both_goals_get_a_verdict_on_a_generated_project(run_bench) -> None:
    done = run_bench("review_bench.py", "--resources", "4", "--runs", "1")
    assert done.returncode == 0, done.stderr
    assert len(verdicts(done.stdout)) == 2, done.stdout
    assert "(50 files)" in done.stdout and "(1 files)" in done.stdout


def test_a_repository_is_cloned_not_changed(run_bench, blog: Path) -> None:
    def state() -> str:
        git = ["git", "-C", str(blog)]
        branches = subprocess.run(
            [*git, "branch", "--list"], capture_output=True, text=True, check=True
        )
        status = subprocess.run(
            [*git, "status", "--porcelain"], capture_output=True, text=True, check=True
        )
        return branches.stdout + status.stdout

    before = state()
    done = run_bench("review_bench.py", "--repo", blog, "--runs", "1")
    assert done.returncode == 0, done.stderr
    assert len(verdicts(done.stdout)) == 2, done.stdout
    assert state() == before
