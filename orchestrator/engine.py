"""The seam between the pipeline and whatever does the work: a model, recipes, or nothing.

The pipeline hands an engine a `Job` and a `Workspace` and gets an `Outcome` back. The
engine never touches git or project state; the pipeline does, before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from agents.spec import AgentSpec, Mode

if TYPE_CHECKING:
    from orchestrator.workspace import Workspace
    from project_state.project_file import Issue
    from project_state.sprint_file import Task


@dataclass(frozen=True)
class Job:
    """One agent's piece of work (or question), fully described."""

    run_id: str
    mode: Mode
    agent: AgentSpec
    system_prompt: str
    instruction: str
    issue: Issue | None = None
    task: Task | None = None


@dataclass
class Outcome:
    """What an engine reports back; `status` says whether the pipeline may commit."""

    status: Literal["done", "blocked", "answered"]
    summary: str
    reason: str | None = None
    delegations: list[tuple[str, str]] = field(default_factory=list)  # (agent, request)
    data: dict[str, object] = field(default_factory=dict)


class Engine(Protocol):
    """Does an agent's work inside the workspace it is given."""

    name: str

    def perform(self, job: Job, workspace: Workspace) -> Outcome: ...
