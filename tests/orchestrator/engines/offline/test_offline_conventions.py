"""The project's own helpers that generated code reuses, found by their shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from offline_repos import POST, backend_pytest, make_blog, make_shop, recipe, ruff_check

from orchestrator.engines.offline.conventions import Conventions, find_conventions
from orchestrator.engines.offline.layout import find_layout
from orchestrator.index import build_index


def test_the_blog_offers_every_helper(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    found = find_layout(root, build_index(root)).conventions
    assert found == Conventions(
        page_schema=("app.schemas.common", "Page"),
        paginate=("app.services.pagination", "paginate"),
        page_result=("app.services.pagination", "PageResult"),
        db_alias=("app.dependencies.database", "DbSession"),
        pagination=("app.dependencies.pagination", "Pagination"),
        not_found=("app.core.exceptions", "NotFoundError"),
        utc_datetime=("app.schemas.common", "UTCDatetime"),
    )
    assert found.paged


def test_a_routers_private_alias_is_not_a_shared_helper(tmp_path: Path) -> None:
    root = make_shop(tmp_path / "shop")
    assert find_layout(root, build_index(root)).conventions == Conventions()


def test_a_not_found_error_nobody_handles_is_not_used() -> None:
    errors = (
        "class AppError(Exception):\n    pass\n\n\n"
        "class NotFoundError(AppError):\n"
        "    @classmethod\n    def for_resource(cls, name, id): ...\n"
    )
    main = "app.add_exception_handler(AppError, handle)\n"

    def module_of(rel: str) -> str:
        return rel.removesuffix(".py").replace("/", ".")

    unhandled = find_conventions({"app/errors.py": errors}, module_of, "get_db")
    handled = find_conventions({"app/errors.py": errors, "app/main.py": main}, module_of, "get_db")
    assert unhandled.not_found is None
    assert handled.not_found == ("app.errors", "NotFoundError")


# A helper written a little differently, behaving the same, no longer has the shape it is
# recognised by: (file under backend/app, its usual line, the same line in another spelling).
UNRECOGNISED = {
    "page_schema": ("schemas/common.py", "class Page(BaseModel, Generic[ItemT]):",
                    "class Page(BaseModel,Generic[ItemT]):"),
    "paginate": ("services/pagination.py", "    db: AsyncSession, stmt:", "    db:AsyncSession, stmt:"),
    "db_alias": ("dependencies/database.py", "DbSession = Annotated[",
                 "DbSession: TypeAlias = Annotated["),
    "pagination": ("dependencies/pagination.py", "Pagination = Annotated[",
                   "Pagination: TypeAlias = Annotated["),
    "not_found": ("core/exceptions.py", "class NotFoundError(AppError):",
                  "class NotFoundError( AppError):"),
    "utc_datetime": ("schemas/common.py", "UTCDatetime = Annotated[",
                     "UTCDatetime: TypeAlias = Annotated["),
}  # fmt: skip


def keep_only(root: Path, kept: tuple[str, ...]) -> None:
    """Respell every helper not in `kept` in the blog's own files."""
    for name, (rel, usual, other) in UNRECOGNISED.items():
        if name in kept or (name == "page_result" and "paginate" in kept):
            continue
        source = root / "backend" / "app" / rel
        text = source.read_text()
        assert usual in text, f"{rel} no longer holds {usual!r}"
        if "TypeAlias" in other and "TypeAlias" not in text:
            future = "from __future__ import annotations\n"
            text = text.replace(future, future + "from typing import TypeAlias\n", 1)
        source.write_text(text.replace(usual, other))


@pytest.mark.slow
@pytest.mark.parametrize(
    "kept",
    [
        ("page_schema", "paginate", "page_result"),  # paged, with Query parameters
        ("db_alias", "not_found", "utc_datetime"),
        ("page_schema", "pagination"),  # a page schema alone: pages are built in place
    ],
)
def test_any_mix_of_helpers_gives_working_code(tmp_path: Path, kept: tuple[str, ...]) -> None:
    root = make_blog(tmp_path / "blog")
    keep_only(root, kept)
    found = find_layout(root, build_index(root)).conventions
    assert {name for name in vars(found) if getattr(found, name)} == set(kept)
    written = [*recipe(root, "database.model", POST), *recipe(root, "fastapi.crud", POST)]
    python = [f for f in written if f.endswith(".py")]
    assert ruff_check(root, python).returncode == 0, ruff_check(root, python).stdout
    tests = backend_pytest(root / "backend")
    assert tests.returncode == 0, tests.stdout
