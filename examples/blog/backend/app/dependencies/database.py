"""The per-request database session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.database import get_sessionmaker


async def get_db() -> AsyncIterator[AsyncSession]:
    """One AsyncSession per request, closed when the response is done."""
    async with get_sessionmaker()() as session:
        yield session


DbSession = Annotated[AsyncSession, Depends(get_db)]
