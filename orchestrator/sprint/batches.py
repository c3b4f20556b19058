"""`plan_sprint`: the sprint's ready work, in batches whose runs cannot write the same file.

A unit of work is an issue: `orchestrate run --issue N` carries out every task of it. Its
lead task is `TASK-<N>` when the sprint has it, else the issue's first task. A unit is
ready to

- `run` when its lead task is TODO;
- `resume` when its latest run stopped before its end (killed, Ctrl-C, interrupted during
  QA's review);
- `merge` when its pull request is open and approved at its head;

and when every task its tasks depend on (outside the issue) is DONE, or belongs to a unit
placed in an earlier batch. Units are placed in dependency order, each in the first batch
after its dependencies' where no other unit uses one of its agents: the ownership map gives
every path one owner, so runs that share no agent cannot write the same file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from project_state.errors import Refusal, StackcrewError
from project_state.task_ids import task_id_for
from project_state.task_log import EventFilter

if TYPE_CHECKING:
    from orchestrator.project import Project
    from project_state.pr_file import PullRequest
    from project_state.sprint_file import Task

Action = Literal["run", "resume", "merge"]
INTERRUPTED = "interrupted"  # the reason a step stopped by Ctrl-C or a signal is blocked with


@dataclass(frozen=True)
class PlannedTask:
    """One issue's work as a sprint runs it."""

    task: str
    issue: int
    title: str
    action: Action
    agents: tuple[str, ...]
    owns: tuple[str, ...]
    branch: str
    depends_on: tuple[str, ...] = ()
    run_id: str | None = None
    pr: int | None = None
    batch: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task, "issue": self.issue, "title": self.title,
            "action": self.action, "batch": self.batch, "agents": list(self.agents),
            "owns": list(self.owns), "branch": self.branch,
            "depends_on": list(self.depends_on), "run_id": self.run_id, "pr": self.pr,
        }  # fmt: skip


@dataclass(frozen=True)
class Waiting:
    """A task of the sprint that is not ready, and why."""

    task: str
    issue: int | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"task": self.task, "issue": self.issue, "reason": self.reason}


@dataclass(frozen=True)
class SprintPlan:
    sprint: str
    batches: tuple[tuple[PlannedTask, ...], ...]
    waiting: tuple[Waiting, ...] = ()

    @property
    def tasks(self) -> list[PlannedTask]:
        return [task for batch in self.batches for task in batch]

    def to_json(self) -> dict[str, Any]:
        return {
            "sprint": self.sprint,
            "batches": [[task.to_json() for task in batch] for batch in self.batches],
            "waiting": [waiting.to_json() for waiting in self.waiting],
        }

    def matrix(self) -> dict[str, list[dict[str, Any]]]:
        """A GitHub Actions `strategy.matrix`: the first batch's new runs, one job each (a
        workflow run advances the sprint by one batch)."""
        first = self.batches[0] if self.batches else ()
        include = [
            {"task": t.task, "issue": t.issue, "agents": " ".join(t.agents), "branch": t.branch}
            for t in first
            if t.action == "run"
        ]
        return {"include": include}


@dataclass
class _Candidate:
    planned: PlannedTask
    order: int
    dependencies: set[str] = field(default_factory=set)  # lead tasks of other candidates


def plan_sprint(
    project: Project, issues: Sequence[int] = (), *, skip: Collection[str] = ()
) -> SprintPlan:
    """The ready units of the current sprint (only `issues` when given), in batches; the
    lead tasks in `skip` (tried already by a running sprint) and their dependants wait."""
    sprint = project.state.sprint()
    if sprint.sprint is None:
        raise Refusal(
            "no sprint has started, so there is nothing to plan", hint="orchestrate sprint new"
        )
    by_issue, waiting = _tasks_by_issue(sprint.tasks, issues)
    context = _RunHistory(project)
    candidates: dict[str, _Candidate] = {}
    for order, (issue, tasks) in enumerate(by_issue.items()):
        found = _candidate(project, issue, tasks, context, order, skip)
        if isinstance(found, Waiting):
            waiting.append(found)
        elif found is not None:
            candidates[found.planned.task] = found
    owner_of_task = {t.id: task_id_for_unit(t, by_issue) for t in sprint.tasks if t.issue}
    status = {t.id: t.status for t in sprint.tasks}
    waiting += _link_dependencies(candidates, owner_of_task, status)
    return SprintPlan(sprint.sprint.id, _batched(candidates), tuple(waiting))


def task_id_for_unit(task: Task, by_issue: dict[int, list[Task]]) -> str:
    """The lead task of the unit `task` belongs to."""
    assert task.issue is not None
    return _lead(task.issue, by_issue.get(task.issue, [task])).id


def _tasks_by_issue(
    tasks: Iterable[Task], wanted: Sequence[int]
) -> tuple[dict[int, list[Task]], list[Waiting]]:
    by_issue: dict[int, list[Task]] = {}
    waiting: list[Waiting] = []
    for task in tasks:
        if task.issue is None:
            if task.status == "TODO" and not wanted:
                waiting.append(Waiting(task.id, None, "it names no issue to run"))
            continue
        by_issue.setdefault(task.issue, []).append(task)
    missing = sorted(set(wanted) - by_issue.keys())
    if missing:
        shown = ", ".join(f"#{n}" for n in missing)
        raise Refusal(
            f"{shown} has no task in the sprint",
            hint="add it first: orchestrate sprint add ISSUE",
        )
    if wanted:
        by_issue = {n: ts for n, ts in by_issue.items() if n in set(wanted)}
    return by_issue, waiting


def _lead(issue: int, tasks: list[Task]) -> Task:
    parent = task_id_for(issue)
    return next((t for t in tasks if t.id == parent), tasks[0])


class _RunHistory:
    """The runs and pull requests that decide whether an issue resumes or merges."""

    def __init__(self, project: Project) -> None:
        from project_state.pr_file import PullRequests  # lazy for start-up

        state = project.state
        started = state.newest_events(0, EventFilter(event="run_started")).events
        finished = state.newest_events(0, EventFilter(event="run_finished")).events
        self.latest_run = {int(e.data["issue"]): e for e in started if "issue" in e.data}
        self.finished = {e.run_id for e in finished}
        self.prs = PullRequests(project.state_root).read().prs

    def approved_pr(self, issue: int) -> PullRequest | None:
        for pr in reversed(self.prs):
            if pr.issue == issue and pr.status == "open" and _approved_at_head(pr):
                return pr
        return None


def _approved_at_head(pr: PullRequest) -> bool:
    review = pr.latest_review
    return review is not None and review.verdict == "APPROVE" and review.head == pr.head


def _candidate(
    project: Project,
    issue: int,
    tasks: list[Task],
    history: _RunHistory,
    order: int,
    skip: Collection[str],
) -> _Candidate | Waiting | None:
    lead = _lead(issue, tasks)
    action, run_id, pr = _action(issue, lead, tasks, history)
    if action is None:
        return None
    if lead.id in skip:
        return Waiting(lead.id, issue, f"this sprint run tried it already ({lead.status})")
    run = history.latest_run.get(issue) if action == "resume" else None
    agent = run.data.get("agent") if run is not None else None  # a resume routes the same
    try:
        from orchestrator.planning import plan_execute  # lazy for start-up

        plan = plan_execute(project, issue, agent=agent if isinstance(agent, str) else None)
    except StackcrewError as exc:
        return Waiting(lead.id, issue, exc.message)
    agents = tuple(dict.fromkeys(step.agent for step in plan.steps))
    owns = tuple(p for agent in agents for p in project.ownership.patterns_of(agent))
    own_ids = {t.id for t in tasks}
    depends = tuple(dict.fromkeys(d for t in tasks for d in t.depends_on if d not in own_ids))
    planned = PlannedTask(
        lead.id, issue, lead.title, action, agents, owns, plan.branch or "", depends, run_id, pr
    )
    return _Candidate(planned, order)


def _action(
    issue: int, lead: Task, tasks: list[Task], history: _RunHistory
) -> tuple[Action | None, str | None, int | None]:
    if lead.status == "DONE":
        return None, None, None
    approved = history.approved_pr(issue)
    if approved is not None:
        return "merge", None, approved.number
    run = history.latest_run.get(issue)
    run_id = run.run_id if run is not None else None
    interrupted = any(t.blocked_reason == INTERRUPTED for t in tasks)
    if run_id is not None and (
        run_id not in history.finished or interrupted or lead.status == "IN_REVIEW"
    ):
        return "resume", run_id, None
    if lead.status == "TODO":
        return "run", None, None
    return None, None, None


def _link_dependencies(
    candidates: dict[str, _Candidate], unit_of: dict[str, str], status: dict[str, str]
) -> list[Waiting]:
    """Point each candidate at the candidates it waits for; drop (as waiting) those that
    wait for a task no candidate will finish, or for one another in a circle."""
    waiting: list[Waiting] = []
    for lead, candidate in candidates.items():
        for dep in candidate.planned.depends_on:
            if status.get(dep, "DONE") == "DONE":
                continue  # a task gone from the sprint was DONE when the sprint changed
            unit = unit_of.get(dep)
            if unit in candidates and unit != lead:
                candidate.dependencies.add(unit)
            else:
                waiting.append(
                    Waiting(lead, candidate.planned.issue, f"waits for {dep} ({status[dep]})")
                )
    return waiting + _drop_unready(candidates, {w.task for w in waiting})


def _drop_unready(candidates: dict[str, _Candidate], blocked: set[str]) -> list[Waiting]:
    """Remove `blocked` candidates, those that depend on them, and those in a cycle."""
    waiting: list[Waiting] = []
    for lead in blocked:
        candidates.pop(lead, None)
    changed = True
    while changed:
        changed = False
        for lead, candidate in list(candidates.items()):
            gone = sorted(candidate.dependencies - candidates.keys())
            if gone:
                del candidates[lead]
                waiting.append(Waiting(lead, candidate.planned.issue, f"waits for {gone[0]}"))
                changed = True
    return waiting + _drop_cycles(candidates)


def _drop_cycles(candidates: dict[str, _Candidate]) -> list[Waiting]:
    """Remove the candidates that wait for one another in a circle."""
    placed: set[str] = set()
    progress = True
    while progress:
        progress = False
        for lead, candidate in candidates.items():
            if lead not in placed and candidate.dependencies <= placed:
                placed.add(lead)
                progress = True
    circular = [candidates.pop(lead) for lead in list(candidates) if lead not in placed]
    return [
        Waiting(c.planned.task, c.planned.issue, "its dependencies wait for it in a circle")
        for c in circular
    ]


def _batched(candidates: dict[str, _Candidate]) -> tuple[tuple[PlannedTask, ...], ...]:
    """Each candidate, in dependency order, into the first batch after its dependencies'
    that holds no run sharing one of its agents."""
    batch_of: dict[str, int] = {}
    agents_in: list[set[str]] = []
    placed: list[PlannedTask] = []
    for candidate in _dependency_order(candidates):
        earliest = max((batch_of[d] + 1 for d in candidate.dependencies), default=0)
        wanted = set(candidate.planned.agents)
        batch = earliest
        while batch < len(agents_in) and agents_in[batch] & wanted:
            batch += 1
        if batch == len(agents_in):
            agents_in.append(set())
        agents_in[batch] |= wanted
        batch_of[candidate.planned.task] = batch
        placed.append(replace(candidate.planned, batch=batch + 1))
    return tuple(
        tuple(t for t in placed if t.batch == number + 1) for number in range(len(agents_in))
    )


def _dependency_order(candidates: dict[str, _Candidate]) -> list[_Candidate]:
    """Dependencies first; otherwise in sprint order."""
    done: set[str] = set()
    ordered: list[_Candidate] = []
    remaining = sorted(candidates.values(), key=lambda c: c.order)
    while remaining:
        ready = next(c for c in remaining if c.dependencies <= done)
        ordered.append(ready)
        done.add(ready.planned.task)
        remaining.remove(ready)
    return ordered
