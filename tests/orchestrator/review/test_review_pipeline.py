"""EXECUTE with the gate on: the PR is opened, findings become the agent's next job."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from orchestrator.engine import Job, Outcome
from orchestrator.pipeline import execute
from orchestrator.planning import plan_execute
from orchestrator.project import open_project
from orchestrator.workspace import Workspace
from project_state.pr_file import PullRequests

Act = Callable[[Job, Workspace], Outcome]
ROUTE = "backend/app/routers/health_extra.py"
TEST = "backend/tests/test_health_extra.py"
GOOD = '"""Health."""\n\n\ndef ok() -> dict[str, str]:\n    return {"status": "ok"}\n'


@dataclass
class ScriptedEngine:
    acts: list[Act]
    name: str = "scripted"
    seen: list[Job] = field(default_factory=list)

    def perform(self, job: Job, workspace: Workspace) -> Outcome:
        self.seen.append(job)
        return self.acts.pop(0)(job, workspace)


def writes(files: dict[str, str]) -> Act:
    def act(job: Job, ws: Workspace) -> Outcome:
        for path, text in files.items():
            ws.write_text(path, text)
        return Outcome("done", "wrote")

    return act


def _project(blog: Path):
    config = blog / "stackcrew.yaml"
    config.write_text(config.read_text().replace("[python,", f"[{sys.executable},"))
    subprocess.run(["git", "commit", "-qam", "chore: this interpreter"], cwd=blog, check=True)
    return open_project(blog)


@pytest.mark.slow
def test_request_changes_reruns_the_agent_then_approves(blog):
    project = _project(blog)
    noisy = GOOD.replace("    return", '    print("hi")\n    return')
    engine = ScriptedEngine(
        [
            writes({ROUTE: noisy, TEST: "def test_ok() -> None:\n    assert True\n"}),
            writes({ROUTE: GOOD}),
        ]
    )
    result = execute(project, plan_execute(project, 44), engine, review=True)
    assert result.review is not None and result.review.to_json()["status"] == "approved"
    assert result.review.rounds == 1 and "RUFF-T201" in engine.seen[1].instruction
    assert project.state.task("TASK-044").status == "IN_REVIEW"
    pr = PullRequests(blog).get(1)
    assert (
        pr.base == "main"
        and pr.issue == 44
        and [r.verdict for r in pr.reviews] == ["REQUEST_CHANGES", "APPROVE"]
    )


@pytest.mark.slow
def test_block_leaves_the_task_blocked(blog):
    project = _project(blog)
    engine = ScriptedEngine(
        [
            writes(
                {
                    ROUTE: 'AWS = "AKIAIOSFODNN7EXAMPLE"\n',
                    TEST: "def test_ok() -> None:\n    assert True\n",
                }
            )
        ]
    )
    result = execute(project, plan_execute(project, 44), engine, review=True)
    assert result.review is not None and result.review.status == "blocked"
    task = project.state.task("TASK-044")
    assert task.status == "BLOCKED" and "QA-SECRET" in (task.blocked_reason or "")


def test_without_review_execute_is_unchanged(blog):
    project = _project(blog)
    engine = ScriptedEngine([writes({ROUTE: GOOD})])
    result = execute(project, plan_execute(project, 44), engine)
    assert result.review is None and PullRequests(blog).list() == []
