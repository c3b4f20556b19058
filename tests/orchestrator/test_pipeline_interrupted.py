"""`orchestrate run` killed with SIGKILL at varied points; `resume` always finishes the run.

Real subprocesses of the installed CLI on the blog example, offline engine. A run killed
mid-step leaves temp files and half-written changes; resume must clean up after itself
and go on, never refuse its own leftovers as "uncommitted changes".
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ORCHESTRATE = str(Path(sys.executable).with_name("orchestrate"))
KILLS = 100
SHARDS = 4  # separate cases so parallel workers share the kills
KILLS_PER_RUN = 13  # two chains make a shard: each chain ends in a full resume


def _last_run(root: Path) -> str | None:
    log = root / "project_state" / "task-log.jsonl"
    started = [
        json.loads(line)["run_id"]
        for line in log.read_text().splitlines()
        if '"run_started"' in line
    ]
    return started[-1] if started else None


def _attempt(root: Path) -> list[str]:
    run_id = _last_run(root)
    argv = ["resume", run_id] if run_id else ["run", "--issue", "45"]
    return [ORCHESTRATE, *argv, "--no-review", "--project", str(root)]


def _killed(argv: list[str], delay: float) -> bool:
    """Run `argv`; SIGKILL it after `delay` s. True if it was killed."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True
    return False


def _finish(root: Path) -> None:
    done = subprocess.run(_attempt(root), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    status = subprocess.run(
        ["git", "status", "--porcelain", "-z", "--untracked-files=all"], cwd=root,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert [p for p in status.split("\0") if p and "project_state/" not in p] == []
    shown = subprocess.run(
        [ORCHESTRATE, "sprint", "status", "--json", "--project", str(root)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip; the sprint as read, not the snapshot, which may lag the log
    sprint = json.loads(shown)
    assert {t["id"]: t["status"] for t in sprint["tasks"]}["TASK-045"] == "IN_REVIEW"


@pytest.mark.slow
@pytest.mark.parametrize("shard", range(SHARDS))
def test_resume_finishes_every_run_killed_at_varied_points(blog, tmp_path, shard):
    """KILLS kills in all, KILLS // SHARDS per case; each case its own random points."""
    rng = random.Random(45 + shard)
    wanted = KILLS // SHARDS
    kills = 0
    template = tmp_path / "template"
    shutil.copytree(blog, template, symlinks=True)
    for chain in range(wanted):
        root = tmp_path / f"run-{chain}"
        shutil.copytree(template, root, symlinks=True)
        for _ in range(KILLS_PER_RUN):
            # A whole run takes about 1 s on an idle machine, start-up (0.2 s) included; each
            # resume goes on from the last finished step, so the kills of a chain land ever
            # further into the run, and a window shorter than the run still reaches its end.
            if not _killed(_attempt(root), rng.uniform(0.2, 1.0)):
                break
            kills += 1
        _finish(root)
        if kills >= wanted:
            break
    assert kills >= wanted
