"""Users: list, get, create, update, delete."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from app.core.config import get_settings
from app.core.exceptions import ConflictError, NotFoundError
from app.core.security import hash_password
from app.models.user import User
from app.schemas.user import UserCreate, UserUpdate
from app.services.pagination import PageResult, paginate


async def list_users(db: AsyncSession, *, page: int, page_size: int) -> PageResult[User]:
    """Users ordered by id, one page at a time."""
    return await paginate(db, select(User).order_by(User.id), page=page, page_size=page_size)


async def get_user(db: AsyncSession, user_id: int) -> User:
    """The user with `user_id`; NotFoundError if there is none."""
    user = await db.get(User, user_id)
    if user is None:
        raise NotFoundError.for_resource("User", user_id)
    return user


async def get_user_by_email(db: AsyncSession, email: str) -> User | None:
    """The user registered with `email` (already normalised to lower case), if any."""
    return await db.scalar(select(User).where(User.email == email))


async def create_user(db: AsyncSession, data: UserCreate) -> User:
    """Register a new user; ConflictError if the email is taken."""
    await _ensure_email_free(db, data.email)
    user = User(
        email=data.email,
        full_name=data.full_name,
        hashed_password=await _hash(data.password),
    )
    db.add(user)
    await _commit(db, data.email)
    await db.refresh(user)
    return user


async def update_user(db: AsyncSession, user: User, data: UserUpdate) -> User:
    """Apply the fields present in `data` to `user`."""
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    new_email = changes.get("email")
    if new_email is not None and new_email != user.email:
        await _ensure_email_free(db, new_email)
    if "password" in changes:
        user.hashed_password = await _hash(changes.pop("password"))
    for field, value in changes.items():
        setattr(user, field, value)
    await _commit(db, user.email)
    await db.refresh(user)
    return user


async def delete_user(db: AsyncSession, user: User) -> None:
    """Remove `user` for good."""
    await db.delete(user)
    await db.commit()


async def _ensure_email_free(db: AsyncSession, email: str) -> None:
    if await get_user_by_email(db, email) is not None:
        raise ConflictError(f"Email {email!r} is already registered")


async def _commit(db: AsyncSession, email: str) -> None:
    """Commit; a unique-email race lost to another request becomes ConflictError."""
    try:
        await db.commit()
    except IntegrityError as exc:
        await db.rollback()
        raise ConflictError(f"Email {email!r} is already registered") from exc


async def _hash(password: str) -> str:
    """Hash off the event loop: PBKDF2 is deliberately slow."""
    iterations = get_settings().password_hash_iterations
    return await run_in_threadpool(hash_password, password, iterations=iterations)
