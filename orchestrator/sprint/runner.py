"""`run_sprint`: the sprint's batches in order, each task a process in its own worktree.

For each batch (planned afresh, so it sees what the previous batch merged): start up to
`jobs` task processes at a time, follow the task log to show their steps, and when all of
them have ended, merge the pull requests QA approved into the branch the sprint runs on,
so dependants branch from that work. A task is tried once per sprint run; what it did not
finish stays in the sprint, resumable by the next `sprint run`.

Ctrl-C (or any error) interrupts the running tasks, waits for them to stop (a bounded
wait), removes their worktrees and re-raises: each task is left as an interrupted run that
the next `sprint run` resumes.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from orchestrator.git_repo import GitRepo
from orchestrator.sprint.batches import PlannedTask, plan_sprint
from orchestrator.sprint.board import Board, TaskProgress
from orchestrator.sprint.budget import SprintBudget
from orchestrator.sprint.children import Child, launch, result_of, stop
from orchestrator.sprint.run_lock import sprint_run_lock
from orchestrator.sprint.worktrees import Worktrees
from project_state.cache_folder import cache_dir
from project_state.errors import StackcrewError

if TYPE_CHECKING:
    from orchestrator.project import Project
    from project_state.task_log import Event

POLL_SECONDS = 0.2
TASK_ISSUE = re.compile(r"^TASK-0*(\d+)")


@dataclass(frozen=True)
class SprintOptions:
    jobs: int = 2
    issues: tuple[int, ...] = ()
    max_cost: float | None = None  # USD for the whole sprint run


@dataclass
class TaskResult:
    planned: PlannedTask
    outcome: str  # merged, approved, changes requested, blocked, failed, skipped, merge failed
    verdict: str | None = None
    pr: int | None = None
    run_id: str | None = None
    cost_usd: float = 0.0
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.planned.task, "issue": self.planned.issue, "batch": self.planned.batch,
            "action": self.planned.action, "agents": list(self.planned.agents),
            "branch": self.planned.branch, "outcome": self.outcome, "verdict": self.verdict,
            "pr": self.pr, "run_id": self.run_id, "cost_usd": round(self.cost_usd, 6),
            "detail": self.detail,
        }  # fmt: skip


@dataclass
class SprintResult:
    base: str
    tasks: list[TaskResult] = field(default_factory=list)
    removed_worktrees: list[str] = field(default_factory=list)

    @property
    def all_merged(self) -> bool:
        return all(task.outcome == "merged" for task in self.tasks)

    @property
    def cost_usd(self) -> float:
        return sum(task.cost_usd for task in self.tasks)

    def to_json(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "tasks": [task.to_json() for task in self.tasks],
            "cost_usd": round(self.cost_usd, 6),
            "removed_worktrees": self.removed_worktrees,
        }


def run_sprint(project: Project, options: SprintOptions, board: Board) -> SprintResult:
    """Run the sprint's ready work to the end; one sprint run per checkout at a time."""
    with sprint_run_lock(project.root) as lock_fd:
        git = GitRepo.open(project.root)
        git.ensure_on_branch("a sprint run")
        git.ensure_clean()
        try:
            return _SprintRun(project, options, board, lock_fd, git.current_branch()).run()
        finally:
            board.close()


class _SprintRun:
    def __init__(
        self, project: Project, options: SprintOptions, board: Board, lock_fd: int, base: str
    ) -> None:
        self.project = project
        self.options = options
        self.board = board
        self.lock_fd = lock_fd
        self.result = SprintResult(base)
        self.worktrees = Worktrees(project.root, base)
        self.budget = SprintBudget(options.max_cost)
        self.tried: set[str] = set()
        self.progress: dict[str, TaskProgress] = {}  # the batch running now
        self.earlier: list[TaskProgress] = []  # the board keeps the batches already run
        self.seen_seq = project.state.last_seq()
        self.logs = cache_dir(project.root, "sprint")

    def run(self) -> SprintResult:
        self.result.removed_worktrees = self.worktrees.remove_stale()
        while batch := self._next_batch():
            self._run_batch(batch)
        self._emit("sprint_finished", cost_usd=round(self.result.cost_usd, 6))
        return self.result

    def _next_batch(self) -> tuple[PlannedTask, ...]:
        """The first batch of a fresh plan, numbered in the order this run ran them."""
        plan = plan_sprint(self.project, self.options.issues, skip=self.tried)
        number = len({task.planned.batch for task in self.result.tasks}) + 1
        return (
            tuple(replace(task, batch=number) for task in plan.batches[0]) if plan.batches else ()
        )

    def _run_batch(self, batch: tuple[PlannedTask, ...]) -> None:
        self.tried |= {task.task for task in batch}
        self.earlier += self.progress.values()
        self.progress = {task.task: TaskProgress(task) for task in batch}
        self._emit("batch_started", tasks=[task.task for task in batch])
        ran = self._run_children([task for task in batch if task.action != "merge"])
        done = [ran.get(t.task) or TaskResult(t, "approved", "APPROVE", t.pr) for t in batch]
        for result in done:
            if result.outcome == "approved":
                self._merge(result)
        self.result.tasks += done

    # -- the task processes ----------------------------------------------------------

    def _run_children(self, tasks: list[PlannedTask]) -> dict[str, TaskResult]:
        pending, running = deque(tasks), dict[str, Child]()
        finished: dict[str, TaskResult] = {}
        try:
            while pending or running:
                self._start(pending, running, finished)
                self._follow_log()
                for task, child in list(running.items()):
                    if child.finished():
                        finished[task] = self._finish(running.pop(task))
                if running:
                    time.sleep(POLL_SECONDS)
        except BaseException:
            self._interrupt(running)
            raise
        return finished

    def _start(
        self, pending: deque[PlannedTask], running: dict[str, Child], done: dict[str, TaskResult]
    ) -> None:
        while pending and len(running) < self.options.jobs:
            task = pending.popleft()
            if not self.budget.can_start():
                done[task.task] = TaskResult(task, "skipped", detail="the sprint budget is spent")
                self._emit("task_skipped", task=task.task, reason="the sprint budget is spent")
                continue
            starting = min(self.options.jobs - len(running), len(pending) + 1)
            share = self.budget.share(task.task, starting)
            running[task.task] = self._launch(task, share)

    def _launch(self, task: PlannedTask, share: float | None) -> Child:
        if share is not None and task.run_id:
            share += self._spent_by_run(task.run_id)  # a resumed run counts what it spent
        worktree = self.worktrees.add(task.task, task.branch)
        child = launch(
            task, worktree, state_root=self.project.state_root, logs=self.logs,
            max_cost=share, inherit_fd=self.lock_fd,
        )  # fmt: skip
        progress = self.progress[task.task]
        progress.started, progress.step = time.monotonic(), f"{task.action} started"
        self._emit("task_started", task=task.task, action=task.action, pid=child.process.pid,
                   worktree=str(worktree), max_cost=share)  # fmt: skip
        return child

    def _finish(self, child: Child) -> TaskResult:
        self._follow_log()
        task = child.planned
        outcome = result_of(child)
        progress = self.progress[task.task]
        progress.ended, progress.step = time.monotonic(), outcome.outcome
        progress.agent = ", ".join(task.agents) or progress.agent  # whose task, not the last step's
        self.budget.settle(task.task, progress.cost_usd)
        self.worktrees.remove(task.task, keep_runs_in=self.project.state.dir / "runs")
        result = TaskResult(
            task, outcome.outcome, outcome.verdict, outcome.pr, outcome.run_id,
            progress.cost_usd, outcome.detail,
        )  # fmt: skip
        self._emit("task_finished", **{k: v for k, v in result.to_json().items() if k != "branch"})
        return result

    def _interrupt(self, running: dict[str, Child]) -> None:
        self._emit("interrupted", tasks=list(running))
        stop(list(running.values()))
        for task in running:
            self.worktrees.remove(task, keep_runs_in=self.project.state.dir / "runs")

    # -- following the log -------------------------------------------------------------

    def _follow_log(self) -> None:
        events = self.project.state.events_after(self.seen_seq)
        for event in events:
            row = self._row_of(event)
            if row is not None and row.follow(event):
                self._emit("task_step", task=row.planned.task, agent=row.agent, step=row.step,
                           cost_usd=round(row.cost_usd, 6))  # fmt: skip
        if events:
            self.seen_seq = events[-1].seq

    def _row_of(self, event: Event) -> TaskProgress | None:
        found = TASK_ISSUE.match(event.task or "")
        if found is None:
            return None
        issue = int(found.group(1))
        return next((p for p in self.progress.values() if p.planned.issue == issue), None)

    def _spent_by_run(self, run_id: str) -> float:
        from project_state.task_log import EventFilter  # lazy for start-up

        usage = self.project.state.newest_events(0, EventFilter(event="usage", run_id=run_id))
        return sum(float(e.data.get("cost_usd") or 0.0) for e in usage.events)

    # -- merging -----------------------------------------------------------------------

    def _merge(self, result: TaskResult) -> None:
        from orchestrator.review.pull_requests import merge_pr  # lazy for start-up
        from project_state.pr_file import PullRequests

        assert result.pr is not None
        base = PullRequests(self.project.state_root).get(result.pr).base
        if base != self.result.base:
            result.detail = (
                f"PR #{result.pr} goes into {base}: `orchestrate merge --pr {result.pr}`"
            )
            return
        try:
            merged = merge_pr(self.project, result.pr)
        except StackcrewError as exc:
            self._abort_merge()
            result.outcome, result.detail = "merge failed", exc.message
        else:
            commit = (merged.merge_commit or "")[:12]
            result.outcome, result.detail = "merged", f"merge commit {commit}"
        self._emit("merged" if result.outcome == "merged" else "merge_failed",
                   task=result.planned.task, pr=result.pr, detail=result.detail)  # fmt: skip

    def _abort_merge(self) -> None:
        from orchestrator.git_repo import git  # lazy for start-up

        if (self.project.root / ".git" / "MERGE_HEAD").exists():
            git(self.project.root, "merge", "--abort")

    def _emit(self, kind: str, **fields: Any) -> None:
        self.board.report({"event": kind, **fields}, [*self.earlier, *self.progress.values()])
