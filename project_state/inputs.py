"""Caller input made into state models, or errors that say what was wrong with it."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError

from project_state.clock import utc_now
from project_state.errors import StackcrewError
from project_state.input_problems import describe_errors
from project_state.task_log import NewEvent

ModelT = TypeVar("ModelT", bound=BaseModel)


def checked(model: type[ModelT], what: str, **fields: Any) -> ModelT:
    """`model` built from `fields`, or a `StackcrewError` naming each wrong field."""
    try:
        return model(**fields)
    except ValidationError as exc:
        raise StackcrewError(f"invalid {what}: {describe_errors(exc)}") from exc


def check_event(draft: NewEvent) -> None:
    """Refuse an event that could not be written as one line of the log."""
    try:
        draft.stamped(1, utc_now()).model_dump_json()
    except ValidationError as exc:
        raise StackcrewError(f"invalid event {draft.event!r}: {describe_errors(exc)}") from exc
    except PydanticSerializationError as exc:
        raise StackcrewError(f"event {draft.event!r}: data is not JSON ({exc})") from exc
