"""The offline engine behind the real CLI: issue #45 end to end, DIRECT work, handoffs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import git
import pytest
from offline_repos import backend_pytest, contract_errors
from typer.testing import CliRunner, Result

from orchestrator.cli.apps import orchestrate_app
from orchestrator.engine import Job
from orchestrator.engines import select_engine
from orchestrator.engines.offline import OfflineEngine
from orchestrator.engines.offline.recipes import choose_recipe
from orchestrator.pipeline import execute
from orchestrator.planning import Plan, plan_direct, plan_execute
from orchestrator.project import Project, open_project

STEPS = ("database", "fastapi", "vue")


def orchestrate(*args: str | Path) -> Result:
    return CliRunner().invoke(orchestrate_app, [str(a) for a in args])


@pytest.fixture(autouse=True, scope="module")
def no_model() -> Iterator[None]:
    """No key, no base URL: `engine: auto` picks the offline engine."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ANTHROPIC_API_KEY", raising=False)
        patch.delenv("ANTHROPIC_BASE_URL", raising=False)
        yield


@pytest.fixture(scope="module")
def issue_45(tmp_path_factory: pytest.TempPathFactory, no_model: None) -> tuple[Path, Result]:
    root = tmp_path_factory.mktemp("e2e") / "blog"
    assert orchestrate("init", "--example", "blog", root).exit_code == 0
    return root, orchestrate("run", "--issue", "45", "--project", root, "--json")


def test_auto_selects_the_offline_engine(blog: Path) -> None:
    assert isinstance(select_engine(open_project(blog)), OfflineEngine)


@pytest.mark.slow
def test_issue_45_runs_every_step(issue_45: tuple[Path, Result]) -> None:
    _, result = issue_45
    assert result.exit_code == 0, result.output
    steps = json.loads(result.output)["steps"]
    assert [(s["agent"], s["status"]) for s in steps] == [(a, "done") for a in STEPS]
    assert all(s["commit"] and not s["reverted_outside_ownership"] for s in steps)


def test_issue_45_commits_each_sub_task(issue_45: tuple[Path, Result]) -> None:
    root, _ = issue_45
    repo = git.Repo(root)
    assert repo.active_branch.name == "fastapi/45-add-post-resource-with-crud-endpoints"
    messages = [c.message for c in repo.iter_commits(max_count=3)][::-1]
    for agent, message in zip(STEPS, messages, strict=True):
        assert "#45" in message.splitlines()[0]
        assert f"Agent: {agent}" in message
    files = {
        agent: set(c.stats.files)
        for agent, c in zip(STEPS, list(repo.iter_commits(max_count=3))[::-1], strict=True)
    }
    assert "backend/app/models/post.py" in files["database"]
    assert "backend/alembic/versions/0002_create_posts.py" in files["database"]
    assert {"backend/app/routers/posts.py", "backend/tests/test_posts.py"} <= files["fastapi"]
    assert {"frontend/src/types/post.ts", "frontend/src/api/posts.ts"} <= files["vue"]


def test_issue_45_moves_the_tasks_and_logs_every_step(issue_45: tuple[Path, Result]) -> None:
    root, _ = issue_45
    state = open_project(root).state
    tasks = {t.id: t.status for t in state.sprint().tasks if t.issue == 45}
    assert all(tasks[f"TASK-045-{a}"] in ("IN_REVIEW", "DONE") for a in STEPS)
    events = [(e.event, e.task) for e in state.events().events]
    for agent in STEPS:
        assert ("commit", f"TASK-045-{agent}") in events


@pytest.mark.slow
def test_issue_45_leaves_a_working_project(issue_45: tuple[Path, Result]) -> None:
    root, _ = issue_45
    result = backend_pytest(root / "backend")
    assert result.returncode == 0, result.stdout[-3000:]
    assert contract_errors(root) == []


@pytest.mark.slow
def test_direct_health_check_changes_no_state(blog: Path) -> None:
    state_files = ["project_state/current-sprint.json", "project_state/task-log.jsonl"]
    before = [(blog / f).read_bytes() for f in state_files]
    result = orchestrate("direct", "fastapi", "add a health check endpoint", "--project", blog)
    assert result.exit_code == 0, result.output
    assert [(blog / f).read_bytes() for f in state_files] == before
    commit = git.Repo(blog).head.commit
    assert set(commit.stats.files) == {
        "backend/app/routers/health.py", "backend/app/main.py", "backend/tests/test_health.py",
    }  # fmt: skip
    assert "Agent: fastapi" in commit.message
    assert backend_pytest(blog / "backend").returncode == 0


def test_no_recipe_blocks_with_a_handoff(blog: Path) -> None:
    project = open_project(blog)
    result = execute(
        project, plan_direct(project, "vue", "redesign the user list"), OfflineEngine()
    )
    outcome = result.steps[0].outcome
    assert outcome.status == "blocked"
    assert "ANTHROPIC_API_KEY" in (outcome.reason or "")
    handoff = str(outcome.data["handoff"])
    assert handoff in (outcome.reason or "")
    text = (blog / handoff).read_text()
    assert "redesign the user list" in text
    assert "`frontend/`" in text  # what the agent may write
    assert "frontend/src/types/user.ts" in text  # relevant files from the index
    assert result.steps[0].step.system_prompt.strip()[:200] in text
    assert git.Repo(blog).git.status("--porcelain") == ""  # run files are not committed


def test_a_changed_file_blocks_the_run(blog: Path) -> None:
    project = open_project(blog)
    assert execute(project, plan_direct(project, "fastapi", "add a health check"), OfflineEngine())
    health = blog / "backend/app/routers/health.py"
    health.write_text(health.read_text() + "\n# tuned by hand\n")
    repo = git.Repo(blog)
    repo.git.add("-A")
    repo.index.commit("hand edit")
    project = open_project(blog)
    result = execute(
        project, plan_direct(project, "fastapi", "add a health-check endpoint"), OfflineEngine()
    )
    outcome = result.steps[0].outcome
    assert outcome.status == "blocked"
    assert "backend/app/routers/health.py" in (outcome.reason or "")
    assert health.read_text().endswith("# tuned by hand\n")


def test_recipe_choice(blog: Path) -> None:
    project = open_project(blog)
    plan = plan_execute(project, 45)
    chosen = [choose_recipe(_job(project, plan, i)) for i in range(3)]
    assert [c[0] for c in chosen if c] == ["database.model", "fastapi.crud", "vue.client"]
    health = plan_execute(project, 44)
    assert choose_recipe(_job(project, health, 0)) == ("fastapi.health", {})
    devops = plan_direct(project, "devops", "add a CI workflow")
    assert choose_recipe(_job(project, devops, 0)) == ("devops.infra", {})
    other = plan_direct(project, "fastapi", "rename the users table")
    assert choose_recipe(_job(project, other, 0)) is None


def _job(project: Project, plan: Plan, i: int) -> Job:
    step = plan.steps[i]
    return Job("run-x", plan.mode, step.spec, step.system_prompt, plan.instruction, plan.issue)
