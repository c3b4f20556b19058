"""`orchestrate run` killed with SIGKILL at varied points; `resume` always finishes the run.

The installed CLI on the blog example, offline engine. Each killed command is a copy forked
from a process that has imported the CLI (`cli_zygote`), so the kill, timed from the fork,
lands in the command's own work rather than in its imports; the resume that must finish
is a cold `orchestrate` process. A run killed mid-step leaves temp files and half-written
changes; resume must clean up after itself and go on, never refuse its own leftovers as
"uncommitted changes".
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.orchestrator.cli_zygote import ORCHESTRATE, Zygote

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
    """The next command's words: a run of issue 45, or the resume of the last run."""
    run_id = _last_run(root)
    argv = ["resume", run_id] if run_id else ["run", "--issue", "45"]
    return [*argv, "--no-review", "--project", str(root)]


def _finish(root: Path) -> None:
    done = subprocess.run(
        [ORCHESTRATE, *_attempt(root)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    status = subprocess.run(
        ["git", "status", "--porcelain", "-z", "--untracked-files=all"], cwd=root,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert [p for p in status.split("\0") if p and "project_state/" not in p] == []
    # the sprint as read, not the snapshot, which may lag the log
    shown = subprocess.run(
        [ORCHESTRATE, "sprint", "status", "--json", "--project", str(root)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
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
    with Zygote() as zygote:
        for chain in range(wanted):
            root = tmp_path / f"run-{chain}"
            shutil.copytree(template, root, symlinks=True)
            kills += _kill_chain(zygote, root, rng)
            _finish(root)
            if kills >= wanted:
                break
    assert kills >= wanted


def _kill_chain(zygote: Zygote, root: Path, rng: random.Random) -> int:
    """Up to KILLS_PER_RUN kills of the run in `root`, then of its resumes; how many."""
    for kills in range(KILLS_PER_RUN):
        # Past its imports a run takes about 0.8 s on an idle machine; each resume goes on
        # from the last finished step, so the kills of a chain land ever further into the
        # run, and a window shorter than the run still reaches its end.
        if not zygote.killed(_attempt(root), rng.uniform(0.0, 0.6)):
            return kills
    return KILLS_PER_RUN
