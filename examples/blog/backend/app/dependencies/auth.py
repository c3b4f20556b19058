"""Who is calling: bearer token → User."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.core.exceptions import ForbiddenError, UnauthorizedError
from app.dependencies.database import DbSession
from app.models.user import User
from app.services import auth_service

# auto_error=False: a missing header becomes our 401 (with WWW-Authenticate), not FastAPI's.
bearer_scheme = HTTPBearer(auto_error=False, description="Token from POST /auth/login")


async def get_current_user(
    db: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> User:
    """The user named by the `Authorization: Bearer` token; 401 without a valid one."""
    if credentials is None:
        raise UnauthorizedError("Not authenticated")
    return await auth_service.user_from_token(db, credentials.credentials)


async def get_current_active_user(
    user: Annotated[User, Depends(get_current_user)],
) -> User:
    """The current user, refused with 403 if the account is deactivated."""
    if not user.is_active:
        raise ForbiddenError("This account is inactive")
    return user


CurrentUser = Annotated[User, Depends(get_current_active_user)]
