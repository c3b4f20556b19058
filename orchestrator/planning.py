"""Turning a request into a plan: mode checks, route, branch, tasks and prompts.

A plan is computed before anything changes; `--dry-run` prints it and stops, and a real
run executes exactly the plan it printed.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from agents.render import prompt_context, render_prompt
from agents.spec import AgentSpec, Mode
from orchestrator.engine import Job
from orchestrator.project import Project
from orchestrator.redaction import redact_text
from orchestrator.routing import Route, route_issue
from project_state.errors import Refusal
from project_state.task_ids import task_id_for

if TYPE_CHECKING:
    from project_state.project_file import Issue
    from project_state.sprint_file import Task

CHARS_PER_TOKEN = 4  # a rough, conservative estimate for display only


def new_run_id() -> str:
    """A run's id: when it started, and enough randomness that two runs never share one."""
    return f"run-{datetime.now(UTC):%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class Step:
    spec: AgentSpec
    task_id: str | None
    title: str
    depends_on: tuple[str, ...]
    owns: tuple[str, ...]
    system_prompt: str
    request: str | None = None  # set when another agent delegated this step

    @property
    def agent(self) -> str:
        return self.spec.name

    @property
    def prompt_tokens(self) -> int:
        return len(self.system_prompt) // CHARS_PER_TOKEN


@dataclass(frozen=True)
class Plan:
    mode: Mode
    instruction: str
    steps: tuple[Step, ...]
    checks: tuple[str, ...]
    issue: Issue | None = None
    route: Route | None = None
    branch: str | None = None
    parent_task: str | None = None
    requested_agent: str | None = None  # --agent, remembered so a resume routes the same

    @property
    def tracked(self) -> bool:
        return self.mode == "EXECUTE"

    @property
    def issue_title(self) -> str:
        """The issue's title as the run writes it (commits, tasks, PR): secrets redacted."""
        return redact_text(self.issue.title) if self.issue is not None else ""

    def commit_message(self, step: Step | None = None) -> str | None:
        """EXECUTE commits name the issue; DIRECT ones are untracked chores."""
        if self.mode == "EXECUTE" and self.issue is not None:
            title = step.title if step is not None else self.issue_title
            return f"feat: {title} #{self.issue.number}"
        if self.mode == "DIRECT":
            return f"chore: {self.instruction}"
        return None

    def job(self, step: Step, run_id: str, task: Task | None = None) -> Job:
        """What `step` asks of its agent's engine: the plan's instruction, and its own part."""
        instruction = self.instruction
        if step.request:
            instruction += f"\n\nAnother agent asked you: {step.request}"
        elif len(self.steps) > 1:
            instruction += f"\n\nYour part: {step.title}"
        return Job(
            run_id=run_id,
            mode=self.mode,
            agent=step.spec,
            system_prompt=step.system_prompt,
            instruction=instruction,
            issue=self.issue,
            task=task,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "issue": self.issue.number if self.issue is not None else None,
            "branch": self.branch,
            "parent_task": self.parent_task,
            "tracked": self.tracked,
            "checks": list(self.checks),
            "route": None if self.route is None else {
                "agents": list(self.route.agents), "primary": self.route.primary,
                "reason": self.route.reason, "scores": self.route.scores,
            },
            "steps": [
                {
                    "agent": s.agent, "task": s.task_id, "title": s.title,
                    "depends_on": list(s.depends_on), "owns": list(s.owns),
                    "commit": self.commit_message(s),
                    "system_prompt_chars": len(s.system_prompt),
                }
                for s in self.steps
            ],
        }  # fmt: skip


def plan_execute(project: Project, number: int, *, agent: str | None = None) -> Plan:
    issue = project.state.issue(number)
    if issue.status != "open":
        raise Refusal(f"issue #{number} is closed", hint="reopen it or file a new issue")
    route = route_issue(issue, project.registry, project.ownership, agent=agent)
    parent = task_id_for(number)
    multi = len(route.agents) > 1
    steps, previous = [], ()
    shown = redact_text(issue.title)  # the issue keeps what was filed; what the run writes does not
    for name in route.agents:
        task_id = task_id_for(number, name) if multi else parent
        title = f"{shown} ({name})" if multi else shown
        steps.append(_step(project, name, "EXECUTE", issue, task_id, title, previous))
        previous = (task_id,)
    checks = (f"issue #{number} exists in project.json", f"routed: {route.reason}")
    return Plan(
        mode="EXECUTE",
        instruction=f"#{issue.number} {issue.title}\n\n{issue.body}".strip(),
        steps=tuple(steps),
        checks=checks + _mode_checks(project, route.agents, "EXECUTE"),
        issue=issue,
        route=route,
        branch=f"{route.primary}/{number}-{slugify(shown)}",
        parent_task=parent if multi else None,
        requested_agent=agent,
    )


def plan_direct(project: Project, agent: str, task: str) -> Plan:
    step = _step(project, agent, "DIRECT", None, None, task, ())
    return Plan(
        mode="DIRECT",
        instruction=task,
        steps=(step,),
        checks=("DIRECT: no issue check, no state change, untracked",)
        + _mode_checks(project, (agent,), "DIRECT"),
        branch=f"{agent}/direct-{slugify(task)}",
    )


def plan_consult(project: Project, agent: str, question: str, *, render: bool = True) -> Plan:
    """`render=False` skips the system prompt, for engines that answer without one."""
    if render:
        step = _step(project, agent, "CONSULT", None, None, question, ())
    else:
        spec = project.registry.get(agent)
        step = Step(spec, None, question, (), tuple(project.ownership.patterns_of(agent)), "")
    return Plan(
        mode="CONSULT",
        instruction=question,
        steps=(step,),
        checks=("CONSULT: read-only workspace, no git or state change",)
        + _mode_checks(project, (agent,), "CONSULT"),
    )


def delegated_step(
    project: Project, plan: Plan, agent: str, request: str, *, after: Step, taken: set[str]
) -> Step:
    """A sub-task of the same issue for the agent that owns what `after` could not touch."""
    if plan.issue is None:
        raise Refusal("only EXECUTE work can delegate; DIRECT work stays with one agent")
    base = task_id_for(plan.issue.number, agent)
    task_id = next(
        tid for n in range(1, 100) if (tid := base if n == 1 else f"{base}-{n}") not in taken
    )
    title = redact_text(f"{request[:60]} (for {after.agent})")
    step = _step(project, agent, "EXECUTE", plan.issue, task_id, title, (after.task_id or "",))
    return replace(step, request=request)


def slugify(text: str, limit: int = 40) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "work"


def _step(
    project: Project,
    name: str,
    mode: Mode,
    issue: Issue | None,
    task_id: str | None,
    title: str,
    depends_on: tuple[str, ...],
) -> Step:
    spec = project.registry.get(name)
    task = _task_view(task_id, title, depends_on) if task_id else None
    prompt = render_system_prompt(project, spec, mode, issue=issue, task=task)
    owns = tuple(project.ownership.patterns_of(name))
    return Step(spec, task_id, title, depends_on, owns, prompt)


def render_system_prompt(
    project: Project,
    spec: AgentSpec,
    mode: Mode,
    *,
    issue: Issue | None = None,
    task: object = None,
) -> str:
    context = prompt_context(
        spec, project.registry, project.ownership,
        project=project.name, mode=mode, issue=issue, task=task,
    )  # fmt: skip
    return render_prompt(spec, context)


def _task_view(task_id: str, title: str, depends_on: tuple[str, ...]) -> dict[str, object]:
    return {"id": task_id, "title": title, "status": "TODO", "depends_on": list(depends_on)}


def _mode_checks(project: Project, agents: tuple[str, ...], mode: Mode) -> tuple[str, ...]:
    for name in agents:
        spec = project.registry.get(name)
        if mode not in spec.modes:
            raise Refusal(
                f"agent {name!r} does not work in {mode} mode (it allows {', '.join(spec.modes)})",
                hint="choose another agent with --agent",
            )
    return (f"{', '.join(agents)} may work in {mode} mode",)
