"""The gate at the end of EXECUTE: findings go back to their owner, bounded by max_rounds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.planning import plan_execute
from orchestrator.project import open_project
from orchestrator.review.execute_gate import findings_message, gate_run

HEALTH = "backend/app/routers/health_extra.py"
TEST = "backend/tests/test_health_extra.py"
GOOD = '"""Health."""\n\n\ndef ok() -> dict[str, str]:\n    return {"status": "ok"}\n'
NOISY = '"""Health."""\n\n\ndef ok() -> dict[str, str]:\n    print("checking")\n    return {"status": "ok"}\n'


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def _commit(root: Path, files: dict[str, str], message: str = "feat: health #44") -> None:
    for path, text in files.items():
        (root / path).write_text(text)
    _git(root, "add", *files)
    _git(root, "commit", "-qm", f"{message}\n\nAgent: fastapi")


@pytest.fixture
def run(blog: Path):
    """Issue 44's branch after its step: TASK-044 IN_REVIEW, one commit with a `print`."""
    config = blog / "stackcrew.yaml"
    # the loop is what is tested here: the gate runs only the task's own test file
    only_new_test = (
        f"test_command: [{sys.executable}, -m, pytest, -q, {TEST.removeprefix('backend/')}]"
    )
    text = config.read_text().replace("test_command: [python, -m, pytest, -q]", only_new_test)
    config.write_text(text.replace("[python,", f"[{sys.executable},"))
    _git(blog, "commit", "-qam", "chore: this interpreter")
    project = open_project(blog)
    plan = plan_execute(project, 44)
    _git(blog, "checkout", "-qb", plan.branch)
    _commit(blog, {HEALTH: NOISY, TEST: "def test_ok() -> None:\n    assert True\n"})
    project.state.move_task("TASK-044", "IN_PROGRESS")
    project.state.move_task("TASK-044", "IN_REVIEW")
    return project, plan


@pytest.mark.slow
def test_findings_go_back_to_the_owner_and_a_fix_is_approved(run):
    project, plan = run
    asked: list[tuple[str, str]] = []

    def rework(agent: str, instruction: str) -> bool:
        asked.append((agent, instruction))
        _commit(project.root, {HEALTH: GOOD}, "fix: review #44")
        return True

    result = gate_run(project, plan, base="main", rework=rework)
    assert (result.status, result.rounds, result.report.verdict) == ("approved", 1, "APPROVE")
    assert [a for a, _ in asked] == ["fastapi"] and "RUFF-T201" in asked[0][1]
    assert project.state.task("TASK-044").status == "IN_REVIEW"
    assert [r.verdict for r in result.pr.reviews] == ["REQUEST_CHANGES", "APPROVE"]


@pytest.mark.slow
def test_changes_not_made_within_the_bound_block_the_task(run):
    project, plan = run
    calls = []
    result = gate_run(project, plan, base="main", rework=lambda a, i: calls.append(a) or True)
    assert result.status == "changes_not_made" and len(calls) == 2  # default max_rounds
    task = project.state.task("TASK-044")
    assert task.status == "BLOCKED"


@pytest.mark.slow
def test_block_stops_without_a_round(run):
    project, plan = run
    _commit(project.root, {"backend/app/core/keys.py": 'AWS = "AKIAIOSFODNN7EXAMPLE"\n'})
    result = gate_run(project, plan, base="main", rework=lambda a, i: pytest.fail("no rework"))
    assert (result.status, result.rounds) == ("blocked", 0)
    events = project.state.events().events
    blocked = [e for e in events if e.event == "task_status" and e.data.get("status") == "BLOCKED"]
    assert "QA-SECRET" in blocked[-1].data["reason"]


def test_findings_message_lists_place_and_fix():
    from orchestrator.review.findings import Finding

    text = findings_message([Finding("QA-N-PLUS-ONE", "error", "a.py", 3, "m", "f")], 2)
    assert "PR #2" in text and "[QA-N-PLUS-ONE] a.py:3: m — fix: f" in text
