"""Helpers a project already has, which generated code uses instead of its own copies.

Each is recognised by its shape in the package's source (router modules aside: what one
router keeps for itself is not shared), never by a path:

* a generic page schema, ``class Page(BaseModel, Generic[T])``;
* ``async def paginate(db: AsyncSession, stmt, ...)`` with the result class beside it;
* a session alias, ``DbSession = Annotated[AsyncSession, Depends(get_db)]`` (or of a
  synchronous ``Session``: ``SessionDep = Annotated[Session, Depends(get_db)]``);
* a paging dependency, ``Pagination = Annotated[PaginationParams, Depends()]``, whose
  class has ``page`` and ``page_size``;
* ``class NotFoundError(AppError)`` with ``for_resource(name, id)``, when an exception
  handler is registered for it or its base (otherwise it would answer 500, not 404);
* a UTC timestamp type, ``UTCDatetime = Annotated[datetime, ...]``.

What is missing is generated in place, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Ref = tuple[str, str]  # (module, name)


@dataclass(frozen=True)
class Conventions:
    page_schema: Ref | None = None
    paginate: Ref | None = None
    page_result: Ref | None = None
    db_alias: Ref | None = None
    pagination: Ref | None = None
    not_found: Ref | None = None
    utc_datetime: Ref | None = None

    @property
    def paged(self) -> bool:
        """Pages come from the project's `paginate` and are shaped by its page schema."""
        return bool(self.page_schema and self.paginate and self.page_result)


def find_conventions(
    texts: dict[str, str], module_of: Callable[[str], str], session_func: str
) -> Conventions:
    """``texts``: the package's Python files by repo-relative path."""

    def first(pattern: str, check: Callable[[re.Match[str], str], bool] = lambda m, t: True):
        for rel, text in texts.items():
            if "APIRouter(" in text:  # a router's private helper is not the project's
                continue
            for match in re.finditer(pattern, text, re.MULTILINE):
                if check(match, text):
                    return module_of(rel), match.group(1), text
        return None

    def ref(found: tuple[str, str, str] | None) -> Ref | None:
        return (found[0], found[1]) if found else None

    paginate = first(r"^async def (paginate)\(\s*db: AsyncSession,\s*stmt")
    result = re.search(r"^class (\w+)\(Generic\[", paginate[2], re.MULTILINE) if paginate else None
    handled = "\n".join(t for t in texts.values() if "exception_handler" in t)
    return Conventions(
        page_schema=ref(first(r"^class (\w*Page)\(BaseModel, Generic\[\w+\]\)")),
        paginate=ref(paginate),
        page_result=(paginate[0], result.group(1)) if paginate and result else None,
        db_alias=ref(
            first(rf"^(\w+)\s*=\s*Annotated\[(?:Async)?Session,\s*Depends\({session_func}\)\]")
        ),
        pagination=ref(
            first(
                r"^(\w+)\s*=\s*Annotated\[\w+,\s*Depends\(\)\]",
                lambda m, t: (
                    bool(re.search(r"^\s+page:", t, re.MULTILINE))
                    and bool(re.search(r"^\s+page_size:", t, re.MULTILINE))
                ),
            )
        ),
        not_found=ref(
            first(
                r"^class (NotFoundError)\((\w+)\)",
                lambda m, t: (
                    "def for_resource(" in t
                    and bool(
                        re.search(rf"exception_handler\(\s*({m.group(2)}|NotFoundError)\b", handled)
                    )
                ),
            )
        ),
        utc_datetime=ref(first(r"^(UTC\w*|Utc\w*)\s*=\s*Annotated\[datetime\b")),
    )
