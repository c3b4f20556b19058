"""Carrying out a plan: branch, tasks, the engine's work, the boundary audit, commits.

The engine only edits files through its workspace. Everything around it — git, the
sprint, the log, the audit that reverts any change outside the agent's ownership,
however it got there, `.git/` included (hooks, config, `info/exclude`, refs) — happens
here, in one place, for every engine.

A step the engine cannot finish leaves the task BLOCKED and its partial work in the
tree (each file written whole); `resume` continues the same run from there. A run that
was killed mid-step leaves its task IN_PROGRESS: `resume` removes the temp files of
stackcrew's own writes and keeps the step's changes to files its agent owns; any
other change is the user's and still makes the tree dirty.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from orchestrator.engine import Engine, Outcome
from orchestrator.git_repo import STATE_PREFIX, GitRepo
from orchestrator.planning import Plan, Step, delegated_step, new_run_id, plan_execute
from orchestrator.project import Project
from orchestrator.redaction import redact_text
from orchestrator.run_tracker import RunTracker
from orchestrator.tree_guard import TreeGuard
from orchestrator.workspace import Workspace
from project_state.atomic import is_temp_file
from project_state.cache_folder import CACHE_ROOT
from project_state.errors import Refusal

if TYPE_CHECKING:
    from orchestrator.review.execute_gate import GateResult


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
    review: GateResult | None = None  # QA's gate at the end of a finished EXECUTE run

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
            "review": self.review.to_json() if self.review else None,
        }  # fmt: skip


def execute(
    project: Project,
    plan: Plan,
    engine: Engine,
    *,
    run_id: str | None = None,
    left_by_run: tuple[str, ...] = (),
    review: bool = False,
) -> RunResult:
    """Run every step of an EXECUTE or DIRECT plan on its branch, delegations included;
    with `review`, a finished EXECUTE run ends with QA's gate (`orchestrator.review`)."""
    if plan.mode == "CONSULT":
        raise Refusal("CONSULT plans are answered with `consult`, not executed")
    git = GitRepo.open(project.root)
    git.ensure_on_branch(f"{plan.mode} work", detached_ok=not plan.tracked)
    git.ensure_clean(allowed=left_by_run)
    result = RunResult(run_id or new_run_id(), plan)
    tracker = RunTracker(project.state, plan, result.run_id, engine.name)
    base = _review_base(project) if review and plan.tracked else ""
    git.switch_branch(plan.branch or "")
    tracker.start()
    queue = deque(plan.steps)
    while queue:
        step = queue.popleft()
        if tracker.already_done(step):
            continue
        done = _run_step(project, git, engine, plan, step, tracker)
        result.steps.append(done)
        if done.outcome.status == "blocked":
            break
        queue.extendleft(reversed(_delegated(project, plan, done, tracker)))
    tracker.finish(blocked=result.blocked is not None)
    if review and plan.tracked and result.blocked is None:
        result.review = _qa_gate(project, git, engine, plan, tracker, result, base)
    return result


def resume(project: Project, run_id: str, engine: Engine, *, review: bool = False) -> RunResult:
    """Continue an interrupted EXECUTE run from where it stopped."""
    started = project.state.events().events
    begin = next((e for e in started if e.run_id == run_id and e.event == "run_started"), None)
    if begin is None:
        raise Refusal(
            f"no run {run_id!r} in the task log",
            hint="`orchestrate log --event run_started` lists the runs",
        )
    plan = plan_execute(project, int(begin.data["issue"]), agent=begin.data.get("agent"))
    left = tuple(
        path
        for e in started
        if e.run_id == run_id and e.event == "step_blocked"
        for path in e.data.get("left", [])
    ) + _left_by_interrupted_step(project, plan, [e for e in started if e.run_id == run_id])
    return execute(project, plan, engine, run_id=run_id, left_by_run=left, review=review)


def _left_by_interrupted_step(project: Project, plan: Plan, events: list) -> tuple[str, ...]:
    """What a killed step left: its temp files (removed) and changes to its agent's files."""

    def unfinished(task_id: str | None) -> bool:
        task = project.state.task(task_id) if task_id else None
        return task is not None and task.status == "IN_PROGRESS"

    agents = {s.agent for s in plan.steps if unfinished(s.task_id)}
    agents |= {
        str(e.data.get("to"))
        for e in events
        if e.event == "delegated" and unfinished(e.data.get("task_id"))
    }
    git = GitRepo.open(project.root)
    dirty = git.dirty_paths()
    for path in filter(is_temp_file, dirty):
        if not (project.root / path).is_symlink():
            (project.root / path).unlink(missing_ok=True)
    return tuple(
        p for p in dirty if not is_temp_file(p) and project.ownership.owner_of(p) in agents
    )


def _run_step(
    project: Project, git: GitRepo, engine: Engine, plan: Plan, step: Step, tracker: RunTracker
) -> StepResult:
    before = git.head_sha()
    tracker.step_started(step)
    can_write = project.registry.get(step.agent).can_change_files
    workspace = Workspace(
        project.root, project.ownership, agent=step.agent, read_only=not can_write
    )
    outcome = Outcome("blocked", "the run was interrupted", reason="interrupted")
    git_guard = TreeGuard.take(project.root, _step_may_write(workspace))
    try:
        outcome = engine.perform(plan.job(step, tracker.run_id, tracker.task(step)), workspace)
    finally:
        violations = git_guard.check().reverted + workspace.reverted
        violations += audit_boundaries(project, git, step.agent, before)
        for path in violations:
            tracker.violation(step, path)
        if outcome.status == "blocked":
            tracker.step_blocked(step, outcome.reason or outcome.summary, git.dirty_paths())
    result = StepResult(step, outcome, violations=violations)
    if outcome.status != "blocked":
        message = plan.commit_message(step) or f"chore: {step.title}"
        result.commit = git.commit(message, git.changed_paths(before), agent=step.agent)
        tracker.step_done(step, result.commit)
    return result


def _review_base(project: Project) -> str:
    # lazy: keeps importing this module light
    from orchestrator.review.execute_gate import review_base

    return review_base(project)


def _qa_gate(
    project: Project,
    git: GitRepo,
    engine: Engine,
    plan: Plan,
    tracker: RunTracker,
    result: RunResult,
    base: str,
) -> GateResult:
    """QA reviews the branch; its findings re-run the owning agent's step (bounded)."""
    from orchestrator.review.execute_gate import gate_run  # lazy: keeps importing this module light

    def rework(agent: str, findings: str) -> bool:
        step = _rework_step(project, plan, result, agent, findings, tracker)
        done = _run_step(project, git, engine, plan, step, tracker)
        result.steps.append(done)
        return done.outcome.status != "blocked"

    return gate_run(project, plan, base=base, rework=rework, run_id=tracker.run_id)


def _rework_step(
    project: Project, plan: Plan, result: RunResult, agent: str, findings: str, tracker: RunTracker
) -> Step:
    """The agent's own step with QA's findings as the request; a new sub-task if it had none."""
    ran = [s.step for s in reversed(result.steps)] + list(plan.steps)
    own = next((step for step in ran if step.agent == agent), None)
    if own is not None:
        return replace(own, request=findings)
    last = result.steps[-1].step if result.steps else plan.steps[-1]
    step = delegated_step(project, plan, agent, findings, after=last, taken=tracker.task_ids())
    tracker.delegated(last, step)
    return step


def _delegated(project: Project, plan: Plan, done: StepResult, tracker: RunTracker) -> list[Step]:
    """Each `request_change` becomes a sub-task for the owner, run next."""
    steps = []
    for agent, request in done.outcome.delegations:
        request = redact_text(request)  # it becomes a task title, a log event, a commit message
        step = delegated_step(
            project, plan, agent, request, after=done.step, taken=tracker.task_ids()
        )
        tracker.delegated(done.step, step)
        steps.append(step)
    return steps


def _step_may_write(workspace: Workspace) -> Callable[[str], bool]:
    """For the step's whole-tree check: the agent's own files, stackcrew's state and cache,
    and git's index (refreshed by stackcrew's own git commands). Anything else that changed
    while the step ran, an ignored `.env` written by a process the tests left behind
    included, is put back."""

    def may_write(rel: str) -> bool:
        if rel.startswith(".git/"):
            return rel == ".git/index"
        return rel.startswith((STATE_PREFIX, f"{CACHE_ROOT}/")) or workspace.owns(rel)

    return may_write


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
