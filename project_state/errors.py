"""Every error stackcrew reports to a person grows from the two roots here, at the bottom
layer, so that each package raises its own and none imports a package above it.

    StackcrewError                       bad input: what went wrong, and what to do
    ├── StateFileError                   a state file is unreadable: file, line, column, fix
    │   └── UnknownVersionError          written by a newer stackcrew (a newer `version`)
    ├── ProjectionError                  a log event cannot be applied to the sprint
    ├── TaskNotFoundError                no task by that id (lists nearby ids)
    ├── LockTimeoutError                 another process held project_state/.lock too long
    ├── agents.errors.*, orchestrator.errors.*, orchestrator.*.errors.*
    └── Refusal                          a rule said no (bad move, no sprint, dirty tree)
        └── IssueNotFoundError           no issue by that number

The CLI prints ``error: <message>`` and ``hint: <hint>`` and maps the class to an exit code:
a `Refusal` exits 1, any other `StackcrewError` 2 (`orchestrator.cli.common.exit_code_for`).

A file that failed to load is never written back. The one exception is asked for by name:
`rebuild` replaces a broken sprint file from the log, keeping the old one as `.bak`.
"""

from __future__ import annotations


class StackcrewError(Exception):
    """An error a person can act on: what went wrong, and what to do."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Refusal(StackcrewError):
    """A rule refused the request."""


class IssueNotFoundError(Refusal):
    """EXECUTE mode was asked for an issue the tracker does not have."""


MISSING_HINT = "run `orchestrate init` to create the missing state files"


class StateFileError(StackcrewError):
    """A state file is missing, malformed, or does not match its schema.

    The message starts with ``file:line:column:`` when the place is known, so editors and
    terminals can jump to it.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(f"{_place(file, line, column)}: {problem}", hint=hint)
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem


class UnknownVersionError(StateFileError):
    """The file's `version` is newer than this stackcrew reads."""


class ProjectionError(StackcrewError):
    """A log event cannot be applied to the sprint (unknown task, duplicate id, bad data)."""

    def __init__(self, seq: int, problem: str) -> None:
        super().__init__(f"event seq {seq}: {problem}")
        self.seq = seq
        self.problem = problem


class TaskNotFoundError(StackcrewError):
    """A command named a task id the current sprint does not hold."""


class LockTimeoutError(StackcrewError):
    """Another process held the state lock for longer than we were willing to wait."""


def _place(file: str, line: int | None, column: int | None) -> str:
    if line is None:
        return file
    if column is None:
        return f"{file}:{line}"
    return f"{file}:{line}:{column}"
