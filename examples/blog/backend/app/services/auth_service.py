"""Authentication: check credentials, issue and resolve bearer tokens."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from app.core.config import get_settings
from app.core.exceptions import ForbiddenError, UnauthorizedError
from app.core.security import (
    InvalidTokenError,
    create_access_token,
    read_access_token,
    verify_password,
)
from app.models.user import User
from app.schemas.auth import LoginRequest, TokenResponse
from app.services.user_service import get_user_by_email


async def login(db: AsyncSession, credentials: LoginRequest) -> TokenResponse:
    """A token for the user with these credentials; UnauthorizedError otherwise."""
    user = await get_user_by_email(db, credentials.email)
    known = user is not None and await run_in_threadpool(
        verify_password, credentials.password, user.hashed_password
    )
    if user is None or not known:
        raise UnauthorizedError("Incorrect email or password")
    if not user.is_active:
        raise ForbiddenError("This account is inactive")
    settings = get_settings()
    ttl_seconds = settings.access_token_ttl_minutes * 60
    token = create_access_token(
        str(user.id), secret_key=settings.secret_key, ttl_seconds=ttl_seconds
    )
    # "bearer" names the OAuth2 token type; it is not a credential.
    return TokenResponse(access_token=token, token_type="bearer", expires_in=ttl_seconds)  # noqa: S106


async def user_from_token(db: AsyncSession, token: str) -> User:
    """The user a valid token names; UnauthorizedError for anything else."""
    try:
        subject = read_access_token(token, secret_key=get_settings().secret_key)
    except InvalidTokenError as exc:
        raise UnauthorizedError("Could not validate credentials") from exc
    user = await db.get(User, int(subject)) if subject.isdigit() else None
    if user is None:
        raise UnauthorizedError("Could not validate credentials")
    return user
