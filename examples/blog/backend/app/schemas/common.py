"""Schemas shared by every resource."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict

ItemT = TypeVar("ItemT")


def _assume_utc(value: datetime) -> datetime:
    """SQLite returns naive datetimes; the database clock is UTC, so say so."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# Use for every timestamp in a response: serialises as ISO 8601 with an offset.
UTCDatetime = Annotated[datetime, AfterValidator(_assume_utc)]


class Page(BaseModel, Generic[ItemT]):
    """One page of a collection. Subclass per resource: `class UserPage(Page[UserResponse])`."""

    model_config = ConfigDict(from_attributes=True)

    items: list[ItemT]
    total: int
    page: int
    page_size: int
    pages: int
