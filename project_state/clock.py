"""Timestamps as the state files hold them: UTC, ISO-8601, ending in ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamps need a time zone; write them in UTC ending in 'Z'")
    return value.astimezone(UTC)


UtcDateTime = Annotated[datetime, AfterValidator(_as_utc)]
"""A datetime read from any offset and kept in UTC; pydantic writes it with a ``Z``."""


def utc_now() -> datetime:
    return datetime.now(UTC)
