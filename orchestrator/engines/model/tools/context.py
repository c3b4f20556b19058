"""What a tool works with: one agent's workspace, the project config and the run's mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from agents.spec import Mode
from orchestrator.config import Config
from orchestrator.workspace import Workspace


@dataclass
class ToolContext:
    """The first argument of every tool (as pydantic-ai's `RunContext`); never model input."""

    workspace: Workspace
    config: Config
    mode: Mode
    # ask_agent's nested CONSULT run; None once the nesting depth is reached.
    ask: Callable[[str, str], str] | None = None
    # (agent, description) pairs request_change recorded, run after this agent finishes.
    delegations: list[tuple[str, str]] = field(default_factory=list)
