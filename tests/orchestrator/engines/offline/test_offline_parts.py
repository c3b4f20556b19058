"""The small parts of the offline engine: revision ids, insertions, the write guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.names import BUILTIN_AGENTS
from agents.ownership import OwnershipMap, Rule
from orchestrator.engines.offline.database import next_revision
from orchestrator.engines.offline.generated import (
    BrokenPython,
    GeneratedConflict,
    write_generated,
    write_if_changed,
)
from orchestrator.engines.offline.insertion import (
    add_constructor_keywords,
    add_import,
    add_include,
    add_to_all,
    insert_in_block,
)
from orchestrator.engines.offline.layout import LayoutError
from orchestrator.engines.offline.recipes import RECIPES, SPEC_RECIPES, TEXT_RECIPES
from orchestrator.routing import SPEC_LAYERS
from orchestrator.workspace import Workspace

ROUTERS = """from fastapi import APIRouter

from app.routers import auth, users

api_router = APIRouter()
api_router.include_router(auth.router)
api_router.include_router(users.router)
"""


def test_next_revision_follows_the_head() -> None:
    assert next_revision(None, "create posts") == "0001"
    assert next_revision("0009", "create posts") == "0010"
    hexed = next_revision("3f9a1c2b7d4e", "create posts")
    assert len(hexed) == 12
    assert hexed == next_revision("3f9a1c2b7d4e", "create posts")


def test_router_registration_is_inserted_once() -> None:
    once = add_include(add_import(ROUTERS, "app.routers", "posts"), "posts")
    assert "from app.routers import auth, posts, users" in once
    assert once.endswith("api_router.include_router(posts.router)\n")
    assert add_include(add_import(once, "app.routers", "posts"), "posts") == once


def test_include_copies_the_receiver_and_keywords() -> None:
    text = "def make():\n    app = FastAPI()\n    app.include_router(item.router, prefix='/api')\n    return app\n"
    edited = add_include(text, "order")
    assert "    app.include_router(order.router, prefix='/api')\n    return app" in edited
    assert "    app.include_router(health.router)\n" in add_include(text, "health", app_var="app")


def test_include_goes_beside_the_unconditional_ones() -> None:
    text = (
        "api_router.include_router(items.router)\n\n"
        "if settings.ENV == 'development':\n    api_router.include_router(private.router)\n"
    )
    edited = add_include(text, "notes")
    assert edited.startswith(
        "api_router.include_router(items.router)\napi_router.include_router(notes.router)\n"
    )
    only_conditional = "if ready:\n    api.include_router(a.router)\n"
    assert add_include(only_conditional, "b").endswith("    api.include_router(b.router)\n")


def test_all_and_class_blocks() -> None:
    assert (
        add_to_all('__all__ = ["Base", "User"]\n', "Post") == '__all__ = ["Base", "Post", "User"]\n'
    )
    text = 'class A(Base):\n    """Doc."""\n\n    x: int = f(\n        1\n    )\n\n    def m(self) -> None: ...\n'
    edited = insert_in_block(text, "class A(", ["    y: str"])
    assert "    )\n    y: str\n\n    def m" in edited
    ts = "export interface T {\n  a: string;\n}\n"
    assert insert_in_block(ts, "export interface T ", ["  b: number;"], closing="}") == (
        "export interface T {\n  a: string;\n  b: number;\n}\n"
    )


def test_constructor_calls_that_copy_from_an_object_get_the_new_fields() -> None:
    text = (
        "def make(data, other):\n"
        "    a = User(email=data.email, name='Ünïcode')\n"
        "    b = User(\n        email=payload.email,\n        bio=payload.bio,\n    )\n"
        "    c = User(email='x@example.com')  # a literal: left alone\n"
        "    d = Post(email=data.email)\n"
    )
    edited = add_constructor_keywords(text, "User", ["bio", "age"])
    assert "User(email=data.email, name='Ünïcode', bio=data.bio, age=data.age)" in edited
    assert "bio=payload.bio, age=payload.age,\n" in edited
    assert "User(email='x@example.com')" in edited and "Post(email=data.email)" in edited
    assert add_constructor_keywords(edited, "User", ["bio", "age"]) == edited
    assert add_constructor_keywords("def broken(:\n", "User", ["bio"]) == "def broken(:\n"


def test_the_write_guard(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, OwnershipMap([Rule("app/", "fastapi")]), agent="fastapi")
    assert write_generated(workspace, "app/x.py", "x = 1\n", recipe="fastapi.crud")
    assert not write_generated(workspace, "app/x.py", "x = 1\n", recipe="fastapi.crud")
    assert write_generated(
        workspace, "app/x.py", "x = 2\n", recipe="fastapi.crud"
    )  # untouched: regenerated
    (tmp_path / "app/x.py").write_text((tmp_path / "app/x.py").read_text() + "y = 3\n")
    with pytest.raises(GeneratedConflict, match="app/x.py"):
        write_generated(workspace, "app/x.py", "x = 4\n", recipe="fastapi.crud")
    (tmp_path / "app/mine.py").write_text("z = 0\n")
    with pytest.raises(GeneratedConflict, match="app/mine.py"):
        write_generated(workspace, "app/mine.py", "z = 1\n", recipe="fastapi.crud")


def test_every_recipe_describes_its_params() -> None:
    for name, recipe in RECIPES.items():
        assert recipe.agent == name.split(".")[0]
        assert recipe.agent in BUILTIN_AGENTS
        assert recipe.description
        assert isinstance(recipe.params.model_json_schema(), dict)


def test_every_chosen_recipe_is_the_agent_s_own() -> None:
    chosen = [pair for by_agent in SPEC_RECIPES.values() for pair in by_agent.items()]
    chosen += [(agent, name) for agent, _pattern, name in TEXT_RECIPES]
    assert chosen and all(RECIPES[name].agent == agent for agent, name in chosen)


def test_every_layer_routing_gives_a_spec_has_its_recipe() -> None:
    assert {kind: set(by_agent) for kind, by_agent in SPEC_RECIPES.items()} == {
        kind: set(layers) for kind, layers in SPEC_LAYERS.items()
    }


PARENTHESISED = """from fastapi import APIRouter

from app.routers import (
    auth,
    users,  # the accounts API
)

api_router = APIRouter()
api_router.include_router(auth.router)
api_router.include_router(
    users.router,
    prefix="/users",
)
"""


def test_parenthesised_import_and_multi_line_call_keep_their_shape() -> None:
    edited = add_include(add_import(PARENTHESISED, "app.routers", "posts"), "posts")
    assert "    auth,\n    posts,\n    users,  # the accounts API\n)" in edited
    assert edited.endswith(
        'api_router.include_router(\n    posts.router,\n    prefix="/users",\n)\n'
    )
    assert add_include(add_import(edited, "app.routers", "posts"), "posts") == edited


def test_insertions_refuse_a_file_that_does_not_parse() -> None:
    with pytest.raises(LayoutError, match="does not parse as Python"):
        add_import("def broken(:\n", "app.routers", "posts")


def test_python_that_would_not_parse_is_never_written(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, OwnershipMap([Rule("app/", "fastapi")]), agent="fastapi")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "x.py").write_text("x = 1\n")
    with pytest.raises(BrokenPython, match=r"app/x\.py:1: .* would not parse"):
        write_if_changed(workspace, "app/x.py", "from a import (\nfrom b import c\n")
    with pytest.raises(BrokenPython):
        write_generated(workspace, "app/y.py", "def (:\n", recipe="fastapi.crud")
    assert (tmp_path / "app" / "x.py").read_text() == "x = 1\n"
    assert not (tmp_path / "app" / "y.py").exists()


def test_imports_of_every_shape_get_the_name_in_place() -> None:
    assert add_import("from m import (a)\n", "m", "b") == "from m import (a, b)\n"
    assert add_import("from m import a as z, c\n", "m", "b") == "from m import a as z, b, c\n"
    assert add_import("from m import *\n", "m", "b") == "from m import *\n"
    assert (
        add_import("from m import (\n    a\n)\n", "m", "b") == "from m import (\n    a,\n    b\n)\n"
    )
    assert add_import('"""Doc."""\nx = 1\n', "m", "b") == '"""Doc."""\nfrom m import b\nx = 1\n'
    assert add_import("import os", "m", "b") == "import os\nfrom m import b\n"


def test_a_form_feed_or_line_separator_does_not_shift_the_edit() -> None:
    text = "import os\n\x0c\n# caf\u00e9 \u2028 note\nfrom app.routers import auth\n\nx = 1\n"
    edited = add_import(text, "app.routers", "posts")
    assert edited == text.replace("import auth\n", "import auth, posts\n")
    cls = "class A(Base):\n    s: str = '\u00e9\u2028'\n\n    def m(self): ...\n"
    assert "    s: str = '\u00e9\u2028'\n    y: int\n\n    def m" in insert_in_block(
        cls, "class A(", ["    y: int"]
    )
