"""A target repository opened for stackcrew: its config, agents, ownership and state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.config import CONFIG_FILE, Config, load_config
from orchestrator.errors import ConfigError
from orchestrator.repo_paths import find_repo_root
from project_state.errors import StackcrewError

if TYPE_CHECKING:
    from agents.ownership import OwnershipMap
    from agents.registry import AgentRegistry
    from project_state.store import ProjectState

# Names the repository whose project_state/ holds the state: a sprint's tasks run in git
# worktrees of one checkout and must all write that checkout's state, under its lock.
STATE_ROOT_VAR = "STACKCREW_STATE_ROOT"


@dataclass
class Project:
    root: Path
    config: Config
    # the agents when they are not the work tree's: the QA gate in CI reads the base
    # commit's, so that a change cannot redefine who owns what (`forge.ci_review`)
    agents: AgentRegistry | None = None

    @cached_property
    def registry(self) -> AgentRegistry:
        if self.agents is not None:
            return self.agents
        from agents.registry import load_registry  # lazy: state commands need no agents

        return load_registry(self.root, self.config.agents_dir)

    @cached_property
    def ownership(self) -> OwnershipMap:
        _check_override_agents(self.config, self.registry)
        return self.registry.ownership(self.config.ownership_rules())

    @cached_property
    def state(self) -> ProjectState:
        from project_state.store import ProjectState  # lazy: its models cost start-up time

        return ProjectState(self.state_root)

    @cached_property
    def state_root(self) -> Path:
        """Where `project_state/` lives: this repository, or the one `STATE_ROOT_VAR` names."""
        return state_root_for(self.root)

    @property
    def name(self) -> str:
        if self.config.project:
            return self.config.project
        if self.state.exists():
            return self.state.project().name
        return self.root.name


def open_project(directory: Path | None = None) -> Project:
    """The repository holding `directory` (default: the current one)."""
    root = find_repo_root((directory or Path.cwd()).resolve())
    return Project(root=root, config=load_config(root))


def state_root_for(root: Path) -> Path:
    named = os.environ.get(STATE_ROOT_VAR)
    if not named:
        return root
    other = Path(named).resolve()
    if not (other / "project_state").is_dir():
        raise StackcrewError(
            f"{STATE_ROOT_VAR}={named!r} names no repository with a project_state/ folder",
            hint=f"unset {STATE_ROOT_VAR}, or point it at a checkout where `orchestrate init` ran",
        )
    return other


def _check_override_agents(config: Config, registry: AgentRegistry) -> None:
    for i, override in enumerate(config.ownership):
        if override.agent not in registry:
            raise ConfigError(
                f"{CONFIG_FILE}: ownership[{i}].agent: unknown agent {override.agent!r}",
                hint=f"known agents: {', '.join(registry.names())}",
            )
