"""`orchestrate sprint run`: the fixture sprint in parallel ends exactly as the serial runs
do, its batches write disjoint files, and a killed run resumes to the same end."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.sprint.children import ENTRY
from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.sprint.sprint_fixture import (
    AGENT_OF,
    SERIAL_ORDER,
    Outcome,
    git,
    ok,
    outcome_of,
    pristine_sprint,
    run_serially,
)
from tests.shared_build import built_once

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
BATCHES = [["TASK-044", "TASK-046", "TASK-049"], ["TASK-047", "TASK-050"], ["TASK-048"]]
WAIT_SECONDS = 240
# SIGINT raises KeyboardInterrupt in the sprint's process, as at a terminal, even when the
# suite runs with SIGINT ignored (as a background job does).
TAKE_CTRL_C = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture sprint before any run; read only (tests run on copies)."""
    return pristine_sprint(tmp_path_factory)


@pytest.fixture(scope="module")
def serial(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """The reference: each issue run and merged in turn, in the plan's order."""

    def run_each(folder: Path) -> None:
        root = copy_of(pristine, folder)
        run_serially(root, SERIAL_ORDER)
        outcome_of(root).save(folder / "outcome.json")

    return Outcome.load(built_once(tmp_path_factory, "serial-sprint", run_each) / "outcome.json")


@pytest.fixture(scope="module")
def parallel(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `sprint run --jobs 3` of the whole sprint, its output kept beside it; read only."""

    def run_in_parallel(folder: Path) -> None:
        root = copy_of(pristine, folder)
        done = orchestrate(
            "sprint", "run", "--jobs", "3", "--max-cost", "1.5", "--json", "--project", root
        )
        (folder / "done.json").write_text(
            json.dumps({"exit_code": done.exit_code, "stdout": done.stdout, "stderr": done.stderr})
        )

    return built_once(tmp_path_factory, "parallel-sprint", run_in_parallel)


def copy_of(pristine: Path, where: Path) -> Path:
    root = where / "sprint"
    shutil.copytree(pristine, root, symlinks=True)
    return root


def copy_of_run(parallel: Path, where: Path) -> tuple[Path, dict]:
    """A copy of the parallel run's repository, to inspect, and what the command printed."""
    return copy_of(parallel / "sprint", where), json.loads((parallel / "done.json").read_text())


def files_written(root: Path) -> dict[int, list[str]]:
    """Each issue's files: what its pull request's merge brought in."""
    prs = json.loads(ok("pr", "list", "--json", "--project", root).stdout)
    return {
        pr["issue"]: git(
            root, "diff", "--name-only", f"{pr['merge_commit']}^1", pr["merge_commit"]
        ).split()
        for pr in prs
        if pr["merge_commit"]
    }


def owners_of(root: Path, paths: list[str]) -> set[str]:
    listed = json.loads(ok("owners", "--json", *paths, "--project", root).stdout)
    return {row["owner"] for row in listed}


def test_the_parallel_sprint_equals_the_serial_runs(
    parallel: Path, serial: Outcome, tmp_path: Path
) -> None:
    root, done = copy_of_run(parallel, tmp_path)
    assert done["exit_code"] == 0, done
    result = json.loads(done["stdout"])
    assert outcome_of(root) == serial  # the same files, verdicts and task statuses
    assert {t["outcome"] for t in result["tasks"]} == {"merged"}
    batches: dict[int, list[str]] = {}
    for task in result["tasks"]:
        batches.setdefault(task["batch"], []).append(task["task"])
    assert [sorted(tasks) for _, tasks in sorted(batches.items())] == BATCHES
    events = [json.loads(line) for line in done["stderr"].splitlines()]
    shares = [e["max_cost"] for e in events if e["event"] == "task_started"]
    assert shares[:3] == [0.5, 0.5, 0.5]  # the sprint's $1.50 shared by the three first runs
    assert not list((root / ".stackcrew-cache" / "worktrees").iterdir())
    assert git(root, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_each_batch_wrote_disjoint_files_its_agents_own(parallel: Path, tmp_path: Path) -> None:
    root, _ = copy_of_run(parallel, tmp_path)
    written = files_written(root)
    for batch in BATCHES:
        files = [path for task in batch for path in written[int(task[5:])]]
        assert len(files) == len(set(files)), batch
        for task in batch:
            assert written[int(task[5:])], task
            assert owners_of(root, written[int(task[5:])]) == {AGENT_OF[task]}
    for dependant, dependency in (("vue/48-tag-client", "fastapi/47-tag-api"),
                                  ("fastapi/47-tag-api", "database/46-tag-model")):  # fmt: skip
        git(root, "merge-base", "--is-ancestor", dependency, dependant)  # raises if it is not


def test_a_killed_sprint_run_resumes_to_the_same_end(
    pristine: Path, serial: Outcome, tmp_path: Path
) -> None:
    root = copy_of(pristine, tmp_path)
    events = tmp_path / "events.jsonl"
    parent = start_sprint_run(root, events, ENTRY)
    try:
        wait_for(events, lambda e, _: e["event"] == "task_started")
        second = orchestrate("sprint", "run", "--project", root)
        assert second.exit_code == 1
        assert f"another sprint run is active in this checkout: pid {parent.pid}" in second.stderr
        # Killed with two tasks done, their PRs unmerged, and the third one's run under
        # way: its process is stopped as soon as its run is in the log, so it cannot
        # finish first however slow the machine, and let go once the sprint is dead.
        third = wait_for(events, lambda e, seen: e["event"] == "task_started" and seen == 2)
        run_started_in_log(root, issue=int(third["task"][5:]))
        os.killpg(third["pid"], signal.SIGSTOP)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    os.killpg(third["pid"], signal.SIGCONT)  # it takes the SIGINT its parent's death sent
    resumed = run_when_free(root)
    assert resumed.exit_code == 0, resumed.output
    actions = {t["task"]: t["action"] for t in json.loads(resumed.stdout)["tasks"]}
    assert "merge" in actions.values() and "resume" in actions.values(), actions
    assert outcome_of(root) == serial
    assert git(root, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_ctrl_c_stops_every_task_resumably_and_cleans_up(
    pristine: Path, serial: Outcome, tmp_path: Path
) -> None:
    root = copy_of(pristine, tmp_path)
    events = tmp_path / "events.jsonl"
    parent = start_sprint_run(root, events, TAKE_CTRL_C + ENTRY)
    try:
        first = wait_for(events, lambda e, _: e["event"] == "task_step")
        parent.send_signal(signal.SIGINT)
        assert parent.wait(timeout=WAIT_SECONDS) == 130
    finally:
        parent.kill()
    told = events.read_text()
    assert "interrupted: run `orchestrate sprint run` again to resume" in told
    assert not list((root / ".stackcrew-cache" / "worktrees").iterdir())
    assert git(root, "worktree", "list", "--porcelain").count("worktree ") == 1
    sprint = json.loads(ok("sprint", "status", "--json", "--project", root).stdout)
    stopped = next(t for t in sprint["tasks"] if t["id"] == first["task"])
    assert stopped["status"] != "DONE"
    plan = json.loads(ok("sprint", "plan", "--json", "--project", root).stdout)
    actions = {t["task"]: t["action"] for batch in plan["batches"] for t in batch}
    assert actions[first["task"]] == "resume", told
    resumed = orchestrate("sprint", "run", "--jobs", "2", "--project", root)
    assert resumed.exit_code == 0, resumed.output
    assert outcome_of(root) == serial


def start_sprint_run(root: Path, events: Path, code: str) -> subprocess.Popen[bytes]:
    """`orchestrate sprint run --jobs 2 --json` as its own process, events into `events`."""
    argv = [
        sys.executable,
        "-c",
        code,
        "sprint",
        "run",
        "--jobs",
        "2",
        "--json",
        "--project",
        str(root),
    ]
    with open(events, "wb") as stderr:
        return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=stderr)


def wait_for(events: Path, wanted: Callable[[dict, int], bool]) -> dict:
    """The first event `wanted` keeps, given it and how many tasks had started before."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        started = 0
        for line in events.read_text().splitlines():
            event = json.loads(line) if line.startswith("{") else {"event": "-"}
            if wanted(event, started):
                return event
            started += event["event"] == "task_started"
        time.sleep(0.05)
    raise AssertionError(f"no such event within {WAIT_SECONDS} s:\n{events.read_text()}")


def run_started_in_log(root: Path, issue: int) -> None:
    """Wait until the task log of `root` says a run of `issue` started."""
    log = root / "project_state" / "task-log.jsonl"
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        for line in log.read_text().splitlines():
            event = json.loads(line) if line.startswith("{") else {}
            if event.get("event") == "run_started" and event["data"].get("issue") == issue:
                return
        time.sleep(0.01)
    raise AssertionError(f"no run of issue {issue} started within {WAIT_SECONDS} s")


def run_when_free(root: Path):
    """`sprint run` again, once the killed run's task processes have let go of the lock."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        done = orchestrate("sprint", "run", "--jobs", "2", "--json", "--project", root)
        if "another sprint run is active" not in done.stderr or time.monotonic() > deadline:
            return done
        time.sleep(0.5)


def test_nothing_starts_once_the_sprint_budget_is_spent(pristine: Path, tmp_path: Path) -> None:
    root = copy_of(pristine, tmp_path)
    head = git(root, "rev-parse", "HEAD")
    done = orchestrate("sprint", "run", "--max-cost", "0", "--json", "--project", root)
    assert done.exit_code == 1
    tasks = json.loads(done.stdout)["tasks"]
    assert {(t["outcome"], t["detail"]) for t in tasks} == {
        ("skipped", "the sprint budget is spent")
    }
    assert git(root, "rev-parse", "HEAD") == head
    assert not (root / ".stackcrew-cache" / "worktrees").exists()
