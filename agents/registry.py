"""The agents of a project: the built-ins, then the project's own files on top."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from agents.errors import AgentSpecError, UnknownAgentError
from agents.loader import load_agent, load_claude_subagent
from agents.ownership import OwnershipMap, Rule, build_ownership
from agents.sources import (
    CLAUDE_AGENTS_DIR,
    builtin_agent_files,
    builtin_prompts_dir,
    markdown_files,
    project_agent_dirs,
)
from agents.spec import AgentSpec

__all__ = ["CLAUDE_AGENTS_DIR", "AgentRegistry", "builtin_prompts_dir"]


class AgentRegistry:
    """Agents in precedence order, looked up by name."""

    def __init__(self, agents: list[AgentSpec]) -> None:
        self._agents = {a.name: a for a in agents}
        _check_delegates(self._agents)

    def __iter__(self) -> Iterator[AgentSpec]:
        return iter(self._agents.values())

    def __contains__(self, name: object) -> bool:
        return name in self._agents

    def names(self) -> list[str]:
        return list(self._agents)

    def get(self, name: str) -> AgentSpec:
        try:
            return self._agents[name]
        except KeyError:
            raise UnknownAgentError(
                f"unknown agent {name!r}; known agents: {', '.join(self._agents)}",
                hint="`agent list` shows every agent and where it comes from",
            ) from None

    def ownership(self, overrides: list[Rule] | None = None) -> OwnershipMap:
        return build_ownership([(a.name, a.owns) for a in self], overrides or [])


def load_registry(repo_root: Path | None = None, agents_dir: str | None = None) -> AgentRegistry:
    """Built-in agents, then `agents_dir/*.md`, then `.claude/agents/*.md`; by name, a later
    file replaces an earlier one in place."""
    agents = {}
    for path in builtin_agent_files():
        _put(agents, load_agent(path))
    if repo_root is not None:
        own, claude = project_agent_dirs(repo_root, agents_dir)
        for path in markdown_files(own) if own else []:
            _put(agents, load_agent(path))
        for path in markdown_files(claude):
            _put_claude(agents, load_claude_subagent(path))
    return AgentRegistry(list(agents.values()))


def _put(agents: dict[str, AgentSpec], spec: AgentSpec) -> None:
    agents[spec.name] = spec


def _put_claude(agents: dict[str, AgentSpec], spec: AgentSpec) -> None:
    """A Claude subagent named like an existing agent replaces its prompt, not its rules."""
    existing = agents.get(spec.name)
    if existing is not None:
        spec = existing.model_copy(
            update={
                "description": spec.description,
                "body": spec.body,
                "source": spec.source,
                "model": spec.model or existing.model,
                "tools": spec.tools,
            }
        )
    agents[spec.name] = spec


def _check_delegates(agents: dict[str, AgentSpec]) -> None:
    for spec in agents.values():
        unknown = [d for d in spec.delegates_to if d not in agents]
        if unknown:
            raise AgentSpecError(
                f"{spec.source}: delegates_to names unknown agent(s) {', '.join(unknown)}",
                hint=f"known agents: {', '.join(agents)}",
            )
