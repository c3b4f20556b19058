"""Names a module brings in with ``from x import *``, followed through a chain of such
modules: an ``Annotated`` alias still makes a dependency and a schema still a body, and
a module imported by the tail of its path (``app.deps`` for ``backend/app/deps.py``)
is found."""

from __future__ import annotations

from pathlib import Path

from tests.orchestrator.index.project_tree import index_of

FILES = {
    "backend/app/__init__.py": "",
    "backend/app/deps.py": (
        "from typing import Annotated\n"
        "from fastapi import Depends\n\n\n"
        "def get_current_user() -> None:\n"
        "    ...\n\n\n"
        "CurrentUser = Annotated[object, Depends(get_current_user)]\n"
    ),
    "backend/app/schemas.py": (
        "from pydantic import BaseModel\n\n\nclass ItemIn(BaseModel):\n    name: str\n"
    ),
    "backend/app/common.py": "from app.deps import *\nfrom app.schemas import *\n",
    "backend/app/items.py": (
        "from fastapi import APIRouter\n\n"
        "from app.common import *\n\n"
        "router = APIRouter()\n\n\n"
        "@router.post('/items/{item_id}')\n"
        "async def create(item_id: int, item: ItemIn, user: CurrentUser, limit: int = 10):\n"
        "    ...\n"
    ),
    "backend/app/main.py": (
        "from fastapi import FastAPI\n\n"
        "from app.items import router\n\n"
        "app = FastAPI()\n"
        "app.include_router(router, prefix='/v1')\n"
    ),
}


def test_star_imported_names_are_followed_to_their_definitions(tmp_path: Path) -> None:
    (route,) = index_of(tmp_path, FILES).routes
    assert route.path == "/v1/items/{item_id}"
    assert [(p.name, p.location) for p in route.params] == [
        ("item_id", "path"),
        ("item", "body"),
        ("limit", "query"),
    ]
    assert route.request_model == "ItemIn"
    assert route.auth_dependency == "get_current_user"
    assert route.requires == ["get_current_user"]
