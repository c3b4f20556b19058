"""The sprint as GitHub Actions runs it, on one machine: each job of the matrix in its own
clone with its own project_state/, then `state merge` of their logs gives the sprint the
serial runs give; merging again changes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.sprint.sprint_fixture import make_fixture_sprint, ok, run_serially

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
KEPT = ("id", "issue", "agent", "title", "status", "depends_on", "branch", "blocked_reason")


def sprint_of(root: Path) -> list[dict]:
    tasks = json.loads(ok("sprint", "status", "--json", "--project", root).stdout)["tasks"]
    return [{key: task[key] for key in KEPT} for task in tasks]


def verdicts_of(root: Path) -> dict[int, str]:
    prs = json.loads(ok("pr", "list", "--json", "--project", root).stdout)
    return {pr["issue"]: pr["reviews"][-1]["verdict"] for pr in prs}


def run_job(pristine: Path, job: dict, where: Path) -> Path:
    """One matrix job: a fresh clone, `orchestrate run --issue N` there, its task log."""
    subprocess.run(["git", "clone", "-q", str(pristine), str(where)], check=True)
    done = orchestrate("run", "--issue", str(job["issue"]), "--json", "--project", where)
    assert json.loads(done.stdout)["review"]["verdict"] == "APPROVE", done.output
    return where / "project_state" / "task-log.jsonl"


def test_merged_job_logs_give_the_serial_sprint(tmp_path: Path) -> None:
    pristine = make_fixture_sprint(tmp_path / "sprint")
    matrix = json.loads(ok("sprint", "plan", "--matrix", "--project", pristine).stdout)
    jobs = matrix["include"]
    assert len(jobs) == 3
    serial = tmp_path / "serial"
    shutil.copytree(pristine, serial, symlinks=True)
    run_serially(serial, [job["issue"] for job in jobs], merge=False)

    logs = [run_job(pristine, job, tmp_path / f"job-{job['task']}") for job in jobs]
    merged = ok("state", "merge", *logs, "--project", pristine)
    assert "rebuilt current-sprint.json" in merged.stdout
    assert sprint_of(pristine) == sprint_of(serial)
    assert {t["status"] for t in sprint_of(pristine) if t["issue"] in (44, 46, 49)} == {"IN_REVIEW"}
    job_verdicts = {job["issue"]: verdicts_of(tmp_path / f"job-{job['task']}") for job in jobs}
    assert {n: v[n] for n, v in job_verdicts.items()} == verdicts_of(serial)

    log = pristine / "project_state" / "task-log.jsonl"
    before = (log.read_bytes(), (pristine / "project_state" / "current-sprint.json").read_bytes())
    again = ok("state", "merge", *reversed(logs), "--project", pristine)
    assert "merged 0 new events" in again.stdout
    after = (log.read_bytes(), (pristine / "project_state" / "current-sprint.json").read_bytes())
    assert after == before
    assert orchestrate("state", "check", "--project", pristine).exit_code == 0
