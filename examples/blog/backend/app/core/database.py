"""The async engine and session factory, created lazily on first use."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.core.config import get_settings


@lru_cache
def get_engine() -> AsyncEngine:
    """The process-wide async engine for `DATABASE_URL`."""
    return create_async_engine(get_settings().database_url)


@lru_cache
def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    """Session factory bound to the engine; objects stay usable after commit."""
    return async_sessionmaker(get_engine(), expire_on_commit=False)
