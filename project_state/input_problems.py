"""How input that failed validation is described to a person: one wording for every file,
event, answer and argument stackcrew validates with pydantic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from project_state.json_position import format_key_path

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


def describe_error(error: ErrorDetails) -> str:
    """One pydantic error as ``key.path: what was expected, got <value>``."""
    where = format_key_path(error["loc"])
    if error["type"] == "missing":
        return f"{where}: required key is missing"
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key (not part of this file's format)"
    value = error.get("input")
    shown_value = f", got {value!r}" if isinstance(value, str | int | float | bool) else ""
    return f"{where}: {error['msg'].removeprefix('Value error, ')}{shown_value}"


def first_error(exc: ValidationError) -> ErrorDetails:
    """The first problem pydantic found: the one a message names."""
    return exc.errors(include_url=False)[0]


def describe_errors(exc: ValidationError) -> str:
    """Every problem, each as `describe_error` words it, joined by ``; ``."""
    return "; ".join(describe_error(error) for error in exc.errors(include_url=False))
