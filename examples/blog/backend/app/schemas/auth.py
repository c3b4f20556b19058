"""Login request and token response."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.user import Email


class LoginRequest(BaseModel):
    """Body of `POST /auth/login`."""

    email: Email
    password: str = Field(min_length=1, max_length=128)


class TokenResponse(BaseModel):
    """A bearer token to send as `Authorization: Bearer <access_token>`."""

    access_token: str
    token_type: Literal["bearer"]
    expires_in: int = Field(description="Seconds until the token expires")
