"""A ``Depends(...)`` bound to a name and used as it is: listed in ``dependencies=[...]``
or as a parameter's default. fastapi_best_architecture guards its endpoints so
(``DependsJwtAuth = Depends(HTTPBearer())``); they read as public before."""

from __future__ import annotations

from pathlib import Path

from tests.orchestrator.index.project_tree import auth_by_route, index_of

FILES = {
    "app/__init__.py": "",
    "app/security.py": (
        "from fastapi import Depends, Request\n"
        "from fastapi.security import HTTPBearer\n\n"
        "DependsJwtAuth = Depends(HTTPBearer())\n\n\n"
        "async def rbac_verify(request: Request, _token: str = DependsJwtAuth) -> None:\n"
        "    ...\n\n\n"
        "DependsRBAC = Depends(rbac_verify)\n"
        "DependsPage = Depends(lambda: 1)\n"
    ),
    "app/dept.py": (
        "from fastapi import APIRouter\n\n"
        "from app.security import DependsJwtAuth, DependsPage, DependsRBAC\n\n"
        "router = APIRouter()\n\n\n"
        "@router.get('/{pk}', dependencies=[DependsJwtAuth])\n"
        "async def get_dept(pk: int) -> dict:\n"
        "    ...\n\n\n"
        "@router.post('', dependencies=[DependsRBAC])\n"
        "async def create_dept() -> dict:\n"
        "    ...\n\n\n"
        "@router.get('', dependencies=[DependsPage])\n"
        "async def list_depts() -> dict:\n"
        "    ...\n\n\n"
        "@router.get('/mine')\n"
        "async def my_depts(_token: str = DependsJwtAuth) -> dict:\n"
        "    ...\n"
    ),
    "app/main.py": (
        "from fastapi import FastAPI\n\n"
        "from app.dept import router\n\n"
        "app = FastAPI()\n"
        "app.include_router(router, prefix='/depts')\n"
    ),
}


def test_a_bound_depends_guards_as_the_call_would(tmp_path: Path) -> None:
    assert auth_by_route(tmp_path, FILES) == {
        "GET /depts/{pk}": True,
        "POST /depts": True,
        "GET /depts": False,
        "GET /depts/mine": True,
    }
    mine = next(r for r in index_of(tmp_path, FILES).routes if r.handler == "my_depts")
    assert [p.name for p in mine.params] == []  # a dependency, not a query parameter
