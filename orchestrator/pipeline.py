"""Carrying out a plan: branch, tasks, the engine's work, the boundary audit, commits.

The engine only edits files through its workspace. Everything around it — git, the
sprint, the log, the audit that reverts any change outside the agent's ownership,
however it got there — happens here, in one place, for every engine.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from orchestrator.engine import Engine, Job, Outcome
from orchestrator.errors import Refusal
from orchestrator.git_repo import STATE_PREFIX, GitRepo
from orchestrator.planning import Plan, Step
from orchestrator.project import Project
from orchestrator.workspace import Workspace
from project_state.sprint_file import Task


@dataclass
class StepResult:
    step: Step
    outcome: Outcome
    commit: str | None = None
    violations: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    run_id: str
    plan: Plan
    steps: list[StepResult] = field(default_factory=list)

    @property
    def blocked(self) -> StepResult | None:
        return next((s for s in self.steps if s.outcome.status == "blocked"), None)

    def to_json(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "plan": self.plan.to_json(),
            "blocked": self.blocked is not None,
            "steps": [
                {
                    "agent": s.step.agent, "task": s.step.task_id, "status": s.outcome.status,
                    "summary": s.outcome.summary, "reason": s.outcome.reason,
                    "commit": s.commit, "reverted_outside_ownership": s.violations,
                }
                for s in self.steps
            ],
        }  # fmt: skip


def new_run_id() -> str:
    return f"run-{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def execute(project: Project, plan: Plan, engine: Engine, run_id: str | None = None) -> RunResult:
    """Run every step of an EXECUTE or DIRECT plan on its branch."""
    if plan.mode == "CONSULT":
        raise Refusal("CONSULT plans are answered with `consult`, not executed")
    git = GitRepo.open(project.root)
    git.ensure_clean()
    result = RunResult(run_id or new_run_id(), plan)
    tracker = _Tracker(project, plan, result.run_id, engine.name)
    git.switch_branch(plan.branch or "")
    tracker.start()
    for step in plan.steps:
        if tracker.already_done(step):
            continue
        step_result = _run_step(project, git, engine, plan, step, tracker)
        result.steps.append(step_result)
        if step_result.outcome.status == "blocked":
            break
    tracker.finish(result)
    return result


def consult(project: Project, plan: Plan, engine: Engine, run_id: str | None = None) -> Outcome:
    """Answer a question through a read-only workspace: nothing can be written."""
    step = plan.steps[0]
    workspace = Workspace(project.root, project.ownership, agent=step.agent, read_only=True)
    return engine.perform(_job(plan, step, run_id or new_run_id(), None), workspace)


def _run_step(
    project: Project, git: GitRepo, engine: Engine, plan: Plan, step: Step, tracker: _Tracker
) -> StepResult:
    before = git.head_sha()
    tracker.step_started(step)
    workspace = Workspace(project.root, project.ownership, agent=step.agent)
    try:
        outcome = engine.perform(_job(plan, step, tracker.run_id, tracker.task(step)), workspace)
    finally:
        violations = audit_boundaries(project, git, step.agent, before)
    result = StepResult(step, outcome, violations=violations)
    for path in violations:
        tracker.violation(step, path)
    if outcome.status == "blocked":
        git.restore(git.changed_paths(before), before)
        tracker.step_blocked(step, outcome.reason or outcome.summary)
        return result
    message = plan.commit_message(step) or f"chore: {step.title}"
    result.commit = git.commit(message, git.changed_paths(before), agent=step.agent)
    tracker.step_done(step, result.commit)
    return result


def audit_boundaries(project: Project, git: GitRepo, agent: str, since: str) -> list[str]:
    """Revert every change since `since` that `agent` does not own; return those paths."""
    outside = [
        path
        for path in git.changed_paths(since)
        if not path.startswith(STATE_PREFIX) and project.ownership.owner_of(path) != agent
    ]
    if outside:
        git.restore(outside, since)
    return outside


def _job(plan: Plan, step: Step, run_id: str, task: Task | None) -> Job:
    instruction = plan.instruction
    if len(plan.steps) > 1:
        instruction += f"\n\nYour part: {step.title}"
    return Job(
        run_id=run_id,
        mode=plan.mode,
        agent=step.spec,
        system_prompt=step.system_prompt,
        instruction=instruction,
        issue=plan.issue,
        task=task,
    )


class _Tracker:
    """Sprint tasks and log events for an EXECUTE run; silent for DIRECT (untracked)."""

    def __init__(self, project: Project, plan: Plan, run_id: str, engine: str) -> None:
        self.state = project.state
        self.plan = plan
        self.run_id = run_id
        self.engine = engine
        self.on = plan.tracked

    def _log(self, event: str, step: Step | None = None, **data: object) -> None:
        if self.on:
            task = step.task_id if step else self.plan.parent_task or self.plan.steps[0].task_id
            agent = step.agent if step else None
            self.state.record(
                event, task=task, agent=agent, mode="EXECUTE", run_id=self.run_id, data=data
            )

    def _move(self, task_id: str | None, status: str, reason: str | None = None) -> None:
        if self.on and task_id:
            self.state.move_task(
                task_id, status, reason=reason, run_id=self.run_id, mode="EXECUTE"
            )

    def start(self) -> None:
        if not self.on:
            return
        self._ensure_tasks()
        self._log("run_started", engine=self.engine, branch=self.plan.branch)
        self._move(self.plan.parent_task, "IN_PROGRESS")

    def _ensure_tasks(self) -> None:
        assert self.plan.issue is not None
        existing = {t.id: t for t in self.state.sprint().tasks}
        wanted = [(self.plan.parent_task, self.plan.route.primary, self.plan.issue.title, ())]
        wanted += [(s.task_id, s.agent, s.title, s.depends_on) for s in self.plan.steps]
        for task_id, agent, title, depends_on in wanted:
            if task_id and task_id not in existing:
                self.state.add_task(
                    issue=self.plan.issue.number, agent=agent, title=title,
                    suffix=_suffix(task_id), depends_on=depends_on,
                    run_id=self.run_id, mode="EXECUTE",
                )  # fmt: skip
            if task_id:
                self.state.update_task(task_id, branch=self.plan.branch, run_id=self.run_id)

    def task(self, step: Step) -> Task | None:
        return self.state.task(step.task_id) if self.on and step.task_id else None

    def already_done(self, step: Step) -> bool:
        if not self.on or not step.task_id:
            return False
        return self.state.task(step.task_id).status in ("IN_REVIEW", "DONE")

    def step_started(self, step: Step) -> None:
        self._move(step.task_id, "IN_PROGRESS")

    def step_blocked(self, step: Step, reason: str) -> None:
        self._move(step.task_id, "BLOCKED", reason)
        if self.plan.parent_task:
            self._move(self.plan.parent_task, "BLOCKED", f"{step.task_id}: {reason}")

    def step_done(self, step: Step, commit: str | None) -> None:
        self._log("commit", step, sha=commit, branch=self.plan.branch)
        self._move(step.task_id, "IN_REVIEW")

    def violation(self, step: Step, path: str) -> None:
        self._log("boundary_violation", step, path=path, action="reverted")

    def finish(self, result: RunResult) -> None:
        if result.blocked is None:
            self._move(self.plan.parent_task, "IN_REVIEW")
        self._log("run_finished", blocked=result.blocked is not None)


def _suffix(task_id: str) -> str | None:
    """`database` for TASK-045-database; None for TASK-045."""
    parts = task_id.split("-", 2)
    return parts[2] if len(parts) == 3 else None
