"""User schemas: separate shapes for create, update and response.

`UserResponse` deliberately has no password field of any kind.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.schemas.common import Page, UTCDatetime

Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
    ),
]
FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Password = Annotated[str, Field(min_length=8, max_length=128)]


class UserBase(BaseModel):
    """Fields a client may both send and read."""

    email: Email
    full_name: FullName


class UserCreate(UserBase):
    """Body of `POST /users`."""

    password: Password


class UserUpdate(BaseModel):
    """Body of `PATCH /users/{user_id}`: every field optional, only sent ones change."""

    email: Email | None = None
    full_name: FullName | None = None
    password: Password | None = None


class UserResponse(UserBase):
    """A user as the API returns it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    is_active: bool
    created_at: UTCDatetime
    updated_at: UTCDatetime


class UserPage(Page[UserResponse]):
    """A page of users."""
