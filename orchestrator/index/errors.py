"""Errors of the project index.

    project_state.errors.StackcrewError
    └── NotAProjectError        the path given to build_index is not a directory

Everything else is not an error of the index: an unreadable or unparsable file is
reported in `ProjectIndex.skipped` (with the line when a parser gives one), and a cache
that cannot be read or written is ignored.
"""

from __future__ import annotations

from project_state.errors import StackcrewError


class NotAProjectError(StackcrewError):
    """``build_index`` was given something other than a directory."""
