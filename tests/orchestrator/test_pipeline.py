"""The pipeline around any engine: branch, tasks, audit, commits, delegation, resume.

The engine here is a script at the engine seam (as a model would be); everything else —
git, state, ownership — is the real code on a real repository.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import git
import pytest

from agents.errors import OwnershipError
from orchestrator.engine import Job, Outcome
from orchestrator.errors import DirtyTreeError
from orchestrator.pipeline import execute, resume
from orchestrator.planning import plan_direct, plan_execute
from orchestrator.project import open_project
from orchestrator.workspace import Workspace

Act = Callable[[Job, Workspace], Outcome]


@dataclass
class ScriptedEngine:
    """Plays one action per agent, in order."""

    acts: dict[str, list[Act]]
    name: str = "scripted"
    seen: list[Job] = field(default_factory=list)

    def perform(self, job: Job, workspace: Workspace) -> Outcome:
        self.seen.append(job)
        return self.acts[job.agent.name].pop(0)(job, workspace)


def writes(path: str, text: str = "x = 1\n") -> Act:
    def act(job: Job, ws: Workspace) -> Outcome:
        ws.write_text(path, text)
        return Outcome("done", f"wrote {path}")

    return act


def state_files(root):
    return {p.name: p.read_bytes() for p in (root / "project_state").iterdir() if p.is_file()}


def test_execute_runs_each_layer_and_commits_with_the_issue(blog):
    project = open_project(blog)
    engine = ScriptedEngine({
        "database": [writes("backend/app/models/post.py")],
        "fastapi": [writes("backend/app/routers/posts.py")],
        "vue": [writes("frontend/src/types/post.ts", "export interface Post { id: number }\n")],
    })  # fmt: skip
    result = execute(project, plan_execute(project, 45), engine)
    assert result.blocked is None
    repo = git.Repo(blog)
    assert repo.active_branch.name == "fastapi/45-add-post-resource-with-crud-endpoints"
    commits = list(repo.iter_commits("main..HEAD", reverse=True))
    assert [c.message.splitlines()[0] for c in commits] == [
        "feat: Add Post resource with CRUD endpoints (database) #45",
        "feat: Add Post resource with CRUD endpoints (fastapi) #45",
        "feat: Add Post resource with CRUD endpoints (vue) #45",
    ]
    assert [c.message.strip().splitlines()[-1] for c in commits] == [
        "Agent: database",
        "Agent: fastapi",
        "Agent: vue",
    ]
    tasks = {t.id: t for t in project.state.sprint().tasks}
    assert {tasks[i].status for i in ("TASK-045", "TASK-045-database", "TASK-045-vue")} == {
        "IN_REVIEW"
    }
    assert tasks["TASK-045-vue"].depends_on == ["TASK-045-fastapi"]
    events = [e.event for e in project.state.events().events if e.run_id == result.run_id]
    assert events.count("commit") == 3 and events[-1] == "run_finished"
    assert project.state.check() == []


def test_write_outside_ownership_is_refused_by_the_workspace(blog):
    project = open_project(blog)
    ws = Workspace(blog, project.ownership, agent="fastapi")
    with pytest.raises(OwnershipError, match="database"):
        ws.write_text("backend/app/models/post.py", "x = 1\n")
    assert not (blog / "backend/app/models/post.py").exists()


def test_changes_outside_ownership_are_reverted_however_they_got_there(blog):
    project = open_project(blog)

    def sneaky(job: Job, ws: Workspace) -> Outcome:
        ws.write_text("backend/app/routers/posts.py", "x = 1\n")
        (blog / "backend/app/models/user.py").write_text("# rewritten behind the gate\n")
        (blog / "backend/app/models/post.py").write_text("x = 2\n")
        return Outcome("done", "done")

    user_model = (blog / "backend/app/models/user.py").read_text()
    result = execute(project, plan_execute(project, 45, agent="fastapi"), ScriptedEngine(
        {"fastapi": [sneaky]}))  # fmt: skip
    assert sorted(result.steps[0].violations) == [
        "backend/app/models/post.py",
        "backend/app/models/user.py",
    ]
    assert (blog / "backend/app/models/user.py").read_text() == user_model
    assert not (blog / "backend/app/models/post.py").exists()
    head = git.Repo(blog).head.commit
    assert list(head.stats.files) == ["backend/app/routers/posts.py"]
    logged = [
        e.data["path"] for e in project.state.events().events if e.event == "boundary_violation"
    ]
    assert sorted(logged) == ["backend/app/models/post.py", "backend/app/models/user.py"]


def test_delegation_becomes_a_sub_task_for_the_owner(blog):
    project = open_project(blog)

    def needs_model(job: Job, ws: Workspace) -> Outcome:
        ws.write_text("backend/app/routers/posts.py", "x = 1\n")
        return Outcome("done", "router", delegations=[("database", "add the Post model")])

    engine = ScriptedEngine({
        "fastapi": [needs_model], "database": [writes("backend/app/models/post.py")]
    })  # fmt: skip
    execute(project, plan_execute(project, 45, agent="fastapi"), engine)
    assert "add the Post model" in engine.seen[1].instruction
    task = project.state.task("TASK-045-database")
    assert (task.agent, task.depends_on, task.status) == ("database", ["TASK-045"], "IN_REVIEW")
    last = git.Repo(blog).head.commit
    assert last.message.strip().endswith("Agent: database") and "#45" in last.message


def test_blocked_step_keeps_its_work_and_resume_finishes_it(blog):
    project = open_project(blog)

    def stalls(job: Job, ws: Workspace) -> Outcome:
        ws.write_text("backend/app/routers/posts.py", "x = 1\n")
        return Outcome("blocked", "API error", reason="overloaded (529)")

    first = execute(project, plan_execute(project, 45, agent="fastapi"), ScriptedEngine(
        {"fastapi": [stalls]}))  # fmt: skip
    task = project.state.task("TASK-045")
    assert (task.status, task.blocked_reason) == ("BLOCKED", "overloaded (529)")
    assert (blog / "backend/app/routers/posts.py").exists()

    def finishes(job: Job, ws: Workspace) -> Outcome:
        assert job.run_id == first.run_id
        ws.write_text("backend/app/services/post_service.py", "y = 2\n")
        return Outcome("done", "finished")

    again = resume(open_project(blog), first.run_id, ScriptedEngine({"fastapi": [finishes]}))
    assert again.blocked is None
    assert project.state.task("TASK-045").status == "IN_REVIEW"
    files = set(git.Repo(blog).head.commit.stats.files)
    assert files == {"backend/app/routers/posts.py", "backend/app/services/post_service.py"}


def test_direct_changes_no_state_and_commits_without_an_issue(blog):
    project = open_project(blog)
    before = state_files(blog)
    plan = plan_direct(project, "fastapi", "add a health check endpoint")
    execute(project, plan, ScriptedEngine({"fastapi": [writes("backend/app/routers/health.py")]}))
    assert state_files(blog) == before
    message = git.Repo(blog).head.commit.message
    assert message.startswith("chore: add a health check endpoint") and "#" not in message


def test_dirty_tree_is_refused(blog):
    (blog / "README.md").write_text("local edit\n")
    project = open_project(blog)
    with pytest.raises(DirtyTreeError, match="README.md"):
        execute(project, plan_execute(project, 45), ScriptedEngine({}))
    assert project.state.task("TASK-045").status == "TODO"
