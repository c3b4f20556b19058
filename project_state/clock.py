"""Timestamps as the state files hold them: UTC, ISO-8601, ending in ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import GetPydanticSchema
from pydantic_core import core_schema

TIMESTAMP_EXPECTED = "expected a timestamp with a time zone, like 2026-11-22T10:00:00Z"


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(TIMESTAMP_EXPECTED)
    return value.astimezone(UTC)


def _utc_datetime_schema(source: Any, handler: Any) -> core_schema.CoreSchema:
    """A timestamp already in UTC, as stackcrew writes every one, passes pydantic's own
    check; only another offset (or none) reaches `_as_utc`, so a read of a 10,000-task
    sprint makes no Python call per timestamp."""
    return core_schema.union_schema(
        [
            core_schema.datetime_schema(tz_constraint=0),  # the offset is +00:00
            core_schema.no_info_after_validator_function(_as_utc, core_schema.datetime_schema()),
        ],
        mode="left_to_right",
        custom_error_type="utc_timestamp",
        custom_error_message=TIMESTAMP_EXPECTED,
    )


UtcDateTime = Annotated[datetime, GetPydanticSchema(_utc_datetime_schema)]
"""A datetime read from any offset and kept in UTC; pydantic writes it with a ``Z``."""


def utc_now() -> datetime:
    return datetime.now(UTC)
