"""The orchestrator's own errors; the roots they grow from live in `project_state.errors`.

    project_state.errors.StackcrewError     bad input (a file, key, agent or path)
    ├── ConfigError                         stackcrew.yaml is malformed
    └── project_state.errors.Refusal        a rule said no
        └── DirtyTreeError                  uncommitted changes in the target repo

The CLI prints ``error: <message>`` and ``hint: <hint>`` and maps the error to an exit
code (`orchestrator.cli.common.exit_code_for`).
"""

from __future__ import annotations

from project_state.errors import Refusal, StackcrewError


class DirtyTreeError(Refusal):
    """The target repository has uncommitted changes."""


class ConfigError(StackcrewError):
    """The project's stackcrew.yaml is malformed."""
