"""`?page=&page_size=` query parameters shared by every list endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PaginationParams:
    """Validated paging input: `page` is 1-based, `page_size` is 1..100."""

    page: Annotated[int, Query(ge=1, description="Page number, starting at 1")] = 1
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page")] = (
        DEFAULT_PAGE_SIZE
    )


Pagination = Annotated[PaginationParams, Depends()]
