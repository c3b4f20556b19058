"""Edits of a person's Python keep the file's own shape and never leave it broken (most
cases here are ones a line-by-line, regular-expression edit got wrong); a file that does
not parse is refused by its path; the syntax tree library loads with the first edit."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from offline_repos import make_blog, recipe

from orchestrator.engines.offline.insertion import (
    add_import,
    add_include,
    add_to_all,
    merge_module,
)
from orchestrator.engines.offline.layout import LayoutError

WRAPPED = "from app.api import (\n    a,\n    b,\n)\n"


def test_a_parenthesised_import_gets_the_name_on_a_line_of_its_own() -> None:
    assert (
        add_import(WRAPPED, "app.api", "c") == "from app.api import (\n    a,\n    b,\n    c,\n)\n"
    )
    between = add_import(WRAPPED, "app.api", "ab")
    assert between == "from app.api import (\n    a,\n    ab,\n    b,\n)\n"
    ast.parse(between)


def test_a_comment_stays_on_the_name_it_was_written_beside() -> None:
    text = "from app.api import (\n    a,\n    b,  # the last one\n)\n"
    assert add_import(text, "app.api", "c") == (
        "from app.api import (\n    a,\n    b,  # the last one\n    c,\n)\n"
    )
    closing = "from app.api import (\n    a,\n    # more to come\n)\n"
    assert add_import(closing, "app.api", "b") == (
        "from app.api import (\n    a,\n    b,\n    # more to come\n)\n"
    )
    first = "from app.api import (  # the routers\n    b,\n)\n"
    assert add_import(first, "app.api", "c") == (
        "from app.api import (  # the routers\n    b,\n    c,\n)\n"
    )


def test_windows_line_endings_stay_windows_line_endings() -> None:
    text = "from app.api import (\r\n    a,\r\n)\r\nx = 1\r\n"
    assert add_import(text, "app.api", "b") == (
        "from app.api import (\r\n    a,\r\n    b,\r\n)\r\nx = 1\r\n"
    )
    assert add_import("x = 1\r\n", "app.api", "b") == "from app.api import b\r\nx = 1\r\n"


def test_a_name_already_imported_is_not_added_again() -> None:
    commented = "from app.api import (\n    a,\n    c,  # the new one\n)\n"
    assert add_import(commented, "app.api", "c") == commented
    one_line = "from app.api import a as c, d  # both\n"
    assert add_import(one_line, "app.api", "d") == one_line


def test_an_import_with_a_trailing_comment_keeps_it_at_the_end() -> None:
    text = "from app.api import a, b  # the routers\n\nx = 1\n"
    assert add_import(text, "app.api", "c") == (
        "from app.api import a, b, c  # the routers\n\nx = 1\n"
    )


def test_a_new_import_goes_after_a_multi_line_one_and_beside_import_as() -> None:
    text = "import sqlalchemy as sa\nfrom app.models import (\n    Item,\n)\n\nx = 1\n"
    edited = add_import(text, "app.schemas", "Post")
    assert edited == (
        "import sqlalchemy as sa\nfrom app.models import (\n    Item,\n)\n"
        "from app.schemas import Post\n\nx = 1\n"
    )
    assert add_import("import app.api as api\n", "app.api", "c") == (
        "import app.api as api\nfrom app.api import c\n"
    )


def test_merging_code_that_imports_a_module_under_another_name_binds_that_name() -> None:
    code = "import sqlalchemy as sa\n\n\ndef count(): return sa.func.count()\n"
    merged = merge_module("import sqlalchemy\n\nx = 1\n", code)
    assert "import sqlalchemy\nimport sqlalchemy as sa\n" in merged
    assert merge_module(merged, code) == merged
    together = "import os, sqlalchemy as sa\n\nx = 1\n"
    assert merge_module(together, code).count("sqlalchemy as sa") == 1


def test_merging_code_leaves_out_a_name_the_module_imports_relatively() -> None:
    """fastapi-react's models module imports its base as `from .session import Base`: a
    table merged into it must not import `Base` a second time, absolutely."""
    models = "from sqlalchemy import Column, Integer\n\nfrom .session import Base\n"
    table = (
        "from sqlalchemy import String\n\nfrom app.db.session import Base\n\n\n"
        "class Note(Base):\n    __tablename__ = 'note'\n"
    )
    merged = merge_module(models, table)
    assert merged.count("import Base") == 1
    assert "from sqlalchemy import Column, Integer, String\n" in merged
    assert "class Note(Base):" in merged


def test_a_multi_line_all_keeps_one_name_a_line() -> None:
    text = '__all__ = [\n    "Base",\n    "User",  # accounts\n]\n'
    assert (
        add_to_all(text, "Post")
        == '__all__ = [\n    "Base",\n    "Post",\n    "User",  # accounts\n]\n'
    )
    assert add_to_all(text, "User") == text


ROUTERS = '''"""The API's routers."""

from fastapi import APIRouter

from app.routers import items, users  # noqa: F401

api_router = APIRouter()

# Public endpoints
api_router.include_router(items.router)
api_router.include_router(users.router)  # accounts


@api_router.get("/ping")
def ping() -> str:
    return "pong"
'''


def test_a_router_is_registered_after_the_last_one_before_a_decorated_function() -> None:
    edited = add_include(add_import(ROUTERS, "app.routers", "posts"), "posts")
    assert "from app.routers import items, posts, users  # noqa: F401\n" in edited
    assert (
        "api_router.include_router(users.router)  # accounts\n"
        "api_router.include_router(posts.router)\n\n\n"
        '@api_router.get("/ping")\n'
    ) in edited
    assert add_include(edited, "posts") == edited


def test_a_router_included_inside_a_factory_keeps_its_keywords() -> None:
    text = (
        "def create_app() -> FastAPI:\n"
        "    app = FastAPI()\n\n"
        '    @app.get("/")\n'
        "    def root() -> dict[str, str]:\n"
        "        return {}\n\n"
        '    app.include_router(items.router, prefix="/api")  # v1\n'
        "    return app\n"
    )
    edited = add_include(text, "posts")
    assert (
        '    app.include_router(items.router, prefix="/api")  # v1\n'
        '    app.include_router(posts.router, prefix="/api")\n'
        "    return app\n"
    ) in edited


def test_a_registration_sharing_a_line_is_followed_by_a_line_of_its_own() -> None:
    text = "app.include_router(a.router); app.include_router(b.router)\nrun(app)\n"
    assert add_include(text, "c") == (
        "app.include_router(a.router); app.include_router(b.router)\n"
        "app.include_router(c.router)\nrun(app)\n"
    )


def test_a_copied_registration_leaves_the_comments_about_the_other_router() -> None:
    text = (
        "api_router.include_router(  # accounts\n"
        "    users.router,  # the people\n"
        '    prefix="/users",\n'
        ")\n"
    )
    assert add_include(text, "posts").endswith(
        'api_router.include_router(\n    posts.router,\n    prefix="/users",\n)\n'
    )


@pytest.mark.parametrize(
    "edit",
    [
        lambda text: add_import(text, "app.routers", "posts"),
        lambda text: add_include(text, "posts"),
        lambda text: add_to_all(text, "Post"),
        lambda text: merge_module(text, "def f() -> None: ...\n"),
    ],
)
def test_a_file_that_does_not_parse_is_refused(edit) -> None:
    with pytest.raises(LayoutError, match=r"does not parse as Python \(line 2: "):
        edit("import os\ndef broken(:\n")


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="Python 3.14 reads `except A, B:`")
def test_syntax_newer_than_the_running_python_is_refused_before_the_edit() -> None:
    text = "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n"
    with pytest.raises(LayoutError, match=r"does not parse as Python \(line 3: "):
        add_import(text, "app.routers", "posts")


def test_a_recipe_names_the_file_that_does_not_parse_and_leaves_it(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    main = root / "backend" / "app" / "main.py"
    broken = main.read_text(encoding="utf-8") + "\ndef half_written(:\n"
    main.write_text(broken, encoding="utf-8")
    with pytest.raises(LayoutError, match=r"backend/app/main\.py:\d+: .*does not parse"):
        recipe(root, "fastapi.health")
    assert main.read_text(encoding="utf-8") == broken
    for path in (root / "backend").rglob("*.py"):
        if path != main:  # what the recipe did write parses
            ast.parse(path.read_text(encoding="utf-8"))


def test_the_syntax_tree_library_loads_with_the_first_edit_only() -> None:
    probe = (
        "import sys\n"
        "from orchestrator.cli.main import run_orchestrate\n"
        "import orchestrator.engines.offline\n"
        "from orchestrator.engines.offline.insertion import add_import\n"
        "sys.argv = ['orchestrate', '--help']\n"
        "try:\n"
        "    run_orchestrate()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('before:', 'libcst' in sys.modules)\n"
        "add_import('x = 1\\n', 'm', 'n')\n"
        "print('after:', 'libcst' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-2:] == ["before: False", "after: True"]
