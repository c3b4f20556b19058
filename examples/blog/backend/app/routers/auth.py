"""`/auth`: exchange credentials for a bearer token."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.dependencies.database import DbSession
from app.schemas.auth import LoginRequest, TokenResponse
from app.services import auth_service

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/login",
    response_model=TokenResponse,
    status_code=status.HTTP_200_OK,
    summary="Log in and get a bearer token",
    responses={401: {"description": "Incorrect email or password"}},
)
async def login(credentials: LoginRequest, db: DbSession) -> TokenResponse:
    """Check email and password; return a token for the `Authorization` header."""
    return await auth_service.login(db, credentials)
