"""Sprint tasks and log events for a run: every step of EXECUTE work leaves a trace.

DIRECT work is untracked by definition, so for it every method here does nothing.
Every text that reaches the log (reasons, delegated requests, titles, tool errors) is
redacted first: the task log is meant to be committed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orchestrator.redaction import redact, redact_text

if TYPE_CHECKING:
    from orchestrator.planning import Plan, Step
    from project_state.sprint_file import Task
    from project_state.store import ProjectState

MODE = "EXECUTE"


class RunTracker:
    def __init__(self, state: ProjectState, plan: Plan, run_id: str, engine: str) -> None:
        self.state = state
        self.plan = plan
        self.run_id = run_id
        self.engine = engine
        self.on = plan.tracked

    def start(self) -> None:
        if not self.on:
            return
        self._ensure_tasks()
        assert self.plan.issue is not None
        self._log(
            "run_started", engine=self.engine, branch=self.plan.branch,
            issue=self.plan.issue.number, agent=self.plan.requested_agent,
        )  # fmt: skip
        self._move(self.plan.parent_task, "IN_PROGRESS")

    def task_ids(self) -> set[str]:
        return {t.id for t in self.state.sprint().tasks} if self.on else set()

    def task(self, step: Step) -> Task | None:
        return self.state.task(step.task_id) if self.on and step.task_id else None

    def already_done(self, step: Step) -> bool:
        task = self.task(step)
        return task is not None and task.status in ("IN_REVIEW", "DONE")

    def step_started(self, step: Step) -> None:
        self._move(step.task_id, "IN_PROGRESS")

    def step_blocked(self, step: Step, reason: str, left: list[str]) -> None:
        self._log("step_blocked", step, reason=reason, left=left)
        self._move(step.task_id, "BLOCKED", reason)
        if self.plan.parent_task:
            self._move(self.plan.parent_task, "BLOCKED", f"{step.task_id}: {reason}")

    def step_done(self, step: Step, commit: str | None) -> None:
        self._log("commit", step, sha=commit, branch=self.plan.branch)
        self._move(step.task_id, "IN_REVIEW")

    def delegated(self, source: Step, step: Step) -> None:
        if self.on:
            self._add(step.task_id, step.agent, step.title, step.depends_on)
            self._log(
                "delegated", source, to=step.agent, task_id=step.task_id, request=step.request
            )

    def violation(self, step: Step, path: str) -> None:
        self._log("boundary_violation", step, path=path, action="reverted")

    def finish(self, *, blocked: bool) -> None:
        if not blocked:
            self._move(self.plan.parent_task, "IN_REVIEW")
        self._log("run_finished", blocked=blocked)

    def _ensure_tasks(self) -> None:
        existing = self.task_ids()
        plan = self.plan
        wanted = [
            (plan.parent_task, plan.route.primary if plan.route else "", plan.issue_title, ())
        ]
        wanted += [(s.task_id, s.agent, s.title, s.depends_on) for s in plan.steps]
        for task_id, agent, title, depends_on in wanted:
            if task_id and task_id not in existing:
                self._add(task_id, agent, title, depends_on)
            if task_id:
                self.state.update_task(task_id, branch=plan.branch, run_id=self.run_id, mode=MODE)

    def _add(
        self, task_id: str | None, agent: str, title: str, depends_on: tuple[str, ...]
    ) -> None:
        assert task_id and self.plan.issue is not None
        self.state.add_task(
            issue=self.plan.issue.number, agent=agent, suffix=_suffix(task_id),
            title=redact_text(title), depends_on=depends_on, run_id=self.run_id, mode=MODE,
        )  # fmt: skip

    def _log(self, event: str, step: Step | None = None, **data: object) -> None:
        if not self.on:
            return
        task = step.task_id if step else self.plan.parent_task or self.plan.steps[0].task_id
        agent = step.agent if step else None
        self.state.record(
            event, task=task, agent=agent, mode=MODE, run_id=self.run_id, data=redact(data)
        )

    def _move(self, task_id: str | None, status: str, reason: str | None = None) -> None:
        if self.on and task_id:
            reason = redact_text(reason) if reason else reason
            self.state.move_task(task_id, status, reason=reason, run_id=self.run_id, mode=MODE)


def _suffix(task_id: str) -> str | None:
    """`database` for TASK-045-database; None for TASK-045."""
    parts = task_id.split("-", 2)
    return parts[2] if len(parts) == 3 else None
