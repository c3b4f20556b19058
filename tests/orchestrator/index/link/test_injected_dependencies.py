"""A dependency injected by a container (dependency-injector's
``Depends(Provide[Container.jwt_service])``) is named by what it provides: a service
that works with tokens is no auth, a provided current user is."""

from __future__ import annotations

from pathlib import Path

from tests.orchestrator.index.project_tree import auth_by_route

# As teamhide/fastapi-boilerplate wires its use cases.
FILES = {
    "app/__init__.py": "",
    "app/container.py": (
        "from dependency_injector.containers import DeclarativeContainer\n"
        "from dependency_injector.providers import Factory\n\n\n"
        "class Container(DeclarativeContainer):\n"
        "    jwt_service = Factory(object)\n"
        "    current_user = Factory(object)\n"
    ),
    "app/permissions.py": (
        "class PermissionDependency:\n"
        "    def __init__(self, permissions):\n"
        "        self.permissions = permissions\n\n"
        "    async def __call__(self):\n"
        "        ...\n"
    ),
    "app/auth.py": (
        "from dependency_injector.wiring import Provide, inject\n"
        "from fastapi import APIRouter, Depends\n\n"
        "from app.container import Container\n"
        "from app.permissions import PermissionDependency\n\n"
        "auth_router = APIRouter()\n\n\n"
        "@auth_router.post('/refresh')\n"
        "@inject\n"
        "async def refresh_token(usecase=Depends(Provide[Container.jwt_service])):\n"
        "    ...\n\n\n"
        "@auth_router.get('/me')\n"
        "@inject\n"
        "async def me(user=Depends(Provide[Container.current_user])):\n"
        "    ...\n\n\n"
        "@auth_router.get('/users', dependencies=[Depends(PermissionDependency(['admin']))])\n"
        "async def users():\n"
        "    ...\n"
    ),
    "app/server.py": (
        "from fastapi import FastAPI\n\n"
        "from app.auth import auth_router\n\n"
        "app = FastAPI()\n"
        "app.include_router(auth_router, prefix='/api/v1/auth')\n"
    ),
}


def test_a_provided_service_is_no_auth_and_a_provided_user_is(tmp_path: Path) -> None:
    assert auth_by_route(tmp_path, FILES) == {
        "POST /api/v1/auth/refresh": False,
        "GET /api/v1/auth/me": True,
        "GET /api/v1/auth/users": True,
    }
