"""CONSULT: one agent answers a question from the code, through a workspace that refuses
every write. There is no branch, task, log event or commit to make, so unlike EXECUTE and
DIRECT (`orchestrator.pipeline`) nothing surrounds the engine's work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orchestrator.planning import Plan, new_run_id
from orchestrator.workspace import Workspace

if TYPE_CHECKING:
    from orchestrator.engine import Engine, Outcome
    from orchestrator.project import Project


def run_consult(project: Project, plan: Plan, engine: Engine, run_id: str | None = None) -> Outcome:
    """The answer of the plan's one agent, read-only: nothing can be written."""
    step = plan.steps[0]
    workspace = Workspace(project.root, project.ownership, agent=step.agent, read_only=True)
    return engine.perform(plan.job(step, run_id or new_run_id()), workspace)
