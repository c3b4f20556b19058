"""The root of every error stackcrew reports to a person.

    StackcrewError                  exit 2: bad input (a file, key, agent or path)
    ├── project_state.errors.*      state files: names file, line, column
    ├── agents.errors.*             agent files, unknown agents, paths outside the repo
    └── Refusal                     exit 1: a rule said no
        ├── IssueNotFoundError      EXECUTE without an issue
        ├── DirtyTreeError          uncommitted changes in the target repo
        └── agents.errors.OwnershipError

The CLI prints ``error: <message>`` and ``hint: <hint>`` and exits with ``exit_code``.
This module imports nothing of ours so that every package can build on it.
"""

from __future__ import annotations


class StackcrewError(Exception):
    """An error a person can act on: what went wrong, and what to do."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Refusal(StackcrewError):
    """A rule of the orchestrator refused the request."""

    exit_code = 1


class IssueNotFoundError(Refusal):
    """EXECUTE mode was asked for an issue the tracker does not have."""


class DirtyTreeError(Refusal):
    """The target repository has uncommitted changes."""


class ConfigError(StackcrewError):
    """The project's stackcrew.yaml is malformed."""
