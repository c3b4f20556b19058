"""`/users`: thin HTTP layer over `user_service`."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.exceptions import ForbiddenError
from app.dependencies.auth import CurrentUser
from app.dependencies.database import DbSession
from app.dependencies.pagination import Pagination
from app.models.user import User
from app.schemas.user import UserCreate, UserPage, UserResponse, UserUpdate
from app.services import user_service
from app.services.pagination import PageResult

router = APIRouter(prefix="/users", tags=["users"])

_AUTH_ERRORS: dict[int | str, dict[str, str]] = {
    401: {"description": "Missing or invalid bearer token"},
    403: {"description": "Not allowed to change this user"},
}


@router.get(
    "",
    response_model=UserPage,
    status_code=status.HTTP_200_OK,
    summary="List users",
)
async def list_users(db: DbSession, pagination: Pagination) -> PageResult[User]:
    """One page of users, ordered by id."""
    return await user_service.list_users(db, page=pagination.page, page_size=pagination.page_size)


@router.post(
    "",
    response_model=UserResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Register a user",
    responses={409: {"description": "Email already registered"}},
)
async def create_user(
    data: UserCreate, db: DbSession, request: Request, response: Response
) -> User:
    """Create an account; the `Location` header points at the new user."""
    user = await user_service.create_user(db, data)
    response.headers["Location"] = str(request.url_for("get_user", user_id=user.id))
    return user


@router.get(
    "/me",
    response_model=UserResponse,
    status_code=status.HTTP_200_OK,
    summary="Get the current user",
    responses={401: _AUTH_ERRORS[401]},
)
async def read_current_user(current_user: CurrentUser) -> User:
    """The account the bearer token belongs to."""
    return current_user


@router.get(
    "/{user_id}",
    response_model=UserResponse,
    status_code=status.HTTP_200_OK,
    summary="Get a user",
    responses={404: {"description": "User not found"}},
)
async def get_user(user_id: int, db: DbSession) -> User:
    """The user with this id."""
    return await user_service.get_user(db, user_id)


@router.patch(
    "/{user_id}",
    response_model=UserResponse,
    status_code=status.HTTP_200_OK,
    summary="Update a user",
    responses={
        **_AUTH_ERRORS,
        404: {"description": "User not found"},
        409: {"description": "Email already registered"},
    },
)
async def update_user(
    user_id: int, data: UserUpdate, db: DbSession, current_user: CurrentUser
) -> User:
    """Change the sent fields of your own account."""
    user = await _own_account(db, user_id, current_user)
    return await user_service.update_user(db, user, data)


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a user",
    responses={**_AUTH_ERRORS, 404: {"description": "User not found"}},
)
async def delete_user(user_id: int, db: DbSession, current_user: CurrentUser) -> None:
    """Delete your own account."""
    user = await _own_account(db, user_id, current_user)
    await user_service.delete_user(db, user)


async def _own_account(db: AsyncSession, user_id: int, current_user: User) -> User:
    """The target user, if it is the caller's own account (403 otherwise)."""
    user = await user_service.get_user(db, user_id)
    if user.id != current_user.id:
        raise ForbiddenError("You can only change your own account")
    return user
