"""`orchestrate sprint plan`: ready tasks in batches that cannot write the same file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.sprint.sprint_fixture import AGENT_OF, make_fixture_sprint, ok


@pytest.fixture
def fixture_sprint(tmp_path: Path) -> Path:
    return make_fixture_sprint(tmp_path / "sprint")


def planned(root: Path) -> dict:
    return json.loads(ok("sprint", "plan", "--json", "--project", root).stdout)


def test_the_example_runs_the_health_check_before_the_post_resource(blog: Path) -> None:
    plan = planned(blog)
    assert [[t["task"] for t in batch] for batch in plan["batches"]] == [["TASK-044"], ["TASK-045"]]
    post = plan["batches"][1][0]
    assert post["agents"] == ["database", "fastapi", "vue"]
    assert post["branch"] == "fastapi/45-add-post-resource-with-crud-endpoints"
    assert {"models/", "app/", "frontend/"} <= set(post["owns"])


def test_the_fixture_sprint_batches_share_no_agent_and_follow_dependencies(
    fixture_sprint: Path,
) -> None:
    plan = planned(fixture_sprint)
    batches = [[t["task"] for t in batch] for batch in plan["batches"]]
    assert batches == [["TASK-044", "TASK-046", "TASK-049"], ["TASK-047", "TASK-050"], ["TASK-048"]]
    batch_of = {t["task"]: t["batch"] for batch in plan["batches"] for t in batch}
    for batch in plan["batches"]:
        agents = [agent for t in batch for agent in t["agents"]]
        assert len(agents) == len(set(agents)), batch
        for task in batch:
            assert task["agents"] == [AGENT_OF[task["task"]]]
            assert all(batch_of[dep] < task["batch"] for dep in task["depends_on"])
    assert plan["waiting"] == [{"task": "TASK-045", "issue": 45, "reason": "issue #45 is closed"}]


def test_the_matrix_is_the_first_batch(fixture_sprint: Path) -> None:
    matrix = json.loads(ok("sprint", "plan", "--matrix", "--project", fixture_sprint).stdout)
    assert [job["task"] for job in matrix["include"]] == ["TASK-044", "TASK-046", "TASK-049"]
    assert matrix["include"][1] == {
        "task": "TASK-046", "issue": 46, "agents": "database", "branch": "database/46-tag-model",
    }  # fmt: skip


def test_a_task_waits_while_what_it_depends_on_is_blocked(fixture_sprint: Path) -> None:
    ok(
        "sprint",
        "move",
        "TASK-046",
        "BLOCKED",
        "--reason",
        "no schema yet",
        "--project",
        fixture_sprint,
    )
    plan = planned(fixture_sprint)
    ready = {t["task"] for batch in plan["batches"] for t in batch}
    assert ready == {"TASK-044", "TASK-049", "TASK-050"}
    waiting = {w["task"]: w["reason"] for w in plan["waiting"]}
    assert waiting["TASK-047"] == "waits for TASK-046 (BLOCKED)"
    assert waiting["TASK-048"] == "waits for TASK-047"


def test_the_table_names_batches_and_what_is_not_ready(fixture_sprint: Path) -> None:
    shown = ok("sprint", "plan", "--project", fixture_sprint).stdout
    assert "TASK-048" in shown and "Not ready" in shown and "issue #45 is closed" in shown


def test_a_plan_needs_a_sprint(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    ok("init", tmp_path)
    done = orchestrate("sprint", "plan", "--project", tmp_path)
    assert done.exit_code == 1
    assert "no sprint has started" in done.output
