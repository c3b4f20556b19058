"""A name bound in a chained assignment (`users_router = r = APIRouter()`) is the same
object under each name: routes declared on one are included through the other."""

from __future__ import annotations

from pathlib import Path

from tests.orchestrator.index.project_tree import index_of

# As Buuntu/fastapi-react writes its routers: declared as `r`, included as `users_router`.
FILES = {
    "app/__init__.py": "",
    "app/routers/__init__.py": "",
    "app/routers/users.py": (
        "from fastapi import APIRouter, Depends\n\n"
        "users_router = r = APIRouter()\n\n\n"
        "def get_current_active_user():\n    ...\n\n\n"
        "@r.get('/users/me')\n"
        "async def user_me(user=Depends(get_current_active_user)):\n    ...\n"
    ),
    "app/routers/auth.py": (
        "from fastapi import APIRouter\n\n"
        "auth_router = r = APIRouter()\n\n\n"
        "@r.post('/token')\n"
        "async def login():\n    ...\n"
    ),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.routers.users import users_router\n"
        "from app.routers.auth import auth_router\n\n"
        "app = FastAPI()\n"
        "app.include_router(users_router, prefix='/api/v1')\n"
        "app.include_router(auth_router, prefix='/api')\n"
    ),
}


def test_routes_on_a_chained_name_get_the_prefix_it_is_included_under(tmp_path: Path) -> None:
    index = index_of(tmp_path, FILES)
    routes = {f"{r.method} {r.path}": r.app for r in index.routes}
    assert routes == {
        "GET /api/v1/users/me": "app/main.py:app",
        "POST /api/token": "app/main.py:app",
    }
    assert index.unread_routers == []
