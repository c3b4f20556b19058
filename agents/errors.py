"""Errors about agents, their files and their boundaries.

project_state.errors.StackcrewError
├── AgentSpecError          an agent file is malformed (names file and key)
├── UnknownAgentError       no agent by that name (lists the known ones)
├── OutsideRepoError        a path escapes the repository
└── Refusal
    └── OwnershipError      a write outside the agent's ownership
"""

from __future__ import annotations

from project_state.errors import Refusal, StackcrewError


class AgentSpecError(StackcrewError):
    """An agent file could not be parsed into a spec."""


class UnknownAgentError(StackcrewError):
    """A command named an agent the registry does not have."""


class OutsideRepoError(StackcrewError):
    """A path resolves outside the repository, or into a protected area."""


class OwnershipError(Refusal):
    """An agent tried to write a path it does not own."""

    def __init__(self, message: str, *, owner: str | None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.owner = owner
