"""Paginate any `select()` statement: one query for the rows, one for the total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

RowT = TypeVar("RowT")


@dataclass(frozen=True, slots=True)
class PageResult(Generic[RowT]):
    """Rows of one page plus what a client needs to ask for the others."""

    items: Sequence[RowT]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        """Number of pages (0 for an empty collection)."""
        return -(-self.total // self.page_size)


async def paginate(
    db: AsyncSession, stmt: Select[tuple[RowT]], *, page: int, page_size: int
) -> PageResult[RowT]:
    """Run `stmt` for page `page` (1-based); `stmt` should have a stable order_by."""
    count_stmt = select(func.count()).select_from(stmt.order_by(None).subquery())
    total = (await db.execute(count_stmt)).scalar_one()
    rows = await db.scalars(stmt.offset((page - 1) * page_size).limit(page_size))
    return PageResult(items=rows.all(), total=total, page=page, page_size=page_size)
