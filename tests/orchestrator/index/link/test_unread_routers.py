"""Routers an application serves whose routes the index cannot read: built by a call
(fastapi-users' ``get_auth_router``), bound to a name at the top of a module, or an
application mounted under a path. Each is listed under its full prefix, and answers
about endpoints say so, rather than leave them out without a word."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import agent, orchestrate

FILES = {
    "app/__init__.py": "",
    "app/main.py": """
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles

        from app.api import api_router
        from app.users import auth_backend, fastapi_users

        app = FastAPI()
        app.include_router(api_router, prefix="/api")
        app.include_router(
            fastapi_users.get_auth_router(auth_backend), prefix="/auth/jwt", tags=["auth"]
        )
        app.mount("/static/", StaticFiles(directory="static"), name="static")
    """,
    "app/api.py": """
        from fastapi import APIRouter, Depends
        from sqladmin_router import admin_router

        from app.users import current_user, fastapi_users

        api_router = APIRouter()
        users_router = fastapi_users.get_users_router(dict, dict)
        api_router.include_router(users_router, prefix="/users", tags=["users"])
        api_router.include_router(admin_router, prefix="/admin")


        @api_router.get("/me")
        async def me(user=Depends(current_user)) -> dict:
            return {}


        def add_routers(app, routers):
            for router in routers:  # a project router handed around: listed where defined
                app.include_router(router)
    """,
    "app/users.py": """
        from fastapi_users import FastAPIUsers

        fastapi_users = FastAPIUsers(get_user_manager, [auth_backend])
        current_user = fastapi_users.current_user(active=True)
    """,
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "users-app"
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_the_index_lists_each_under_its_full_prefix(project: Path) -> None:
    result = orchestrate("index", "--json", "--project", project)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"]["routes"] == 1 and data["counts"]["unread_routers"] == 4
    unread = {(u["prefix"], u["kind"], u["source"], u["line"]) for u in data["unread_routers"]}
    assert unread == {
        ("/api/users", "include", "users_router", 8),
        ("/api/admin", "include", "admin_router", 9),
        ("/auth/jwt", "include", "fastapi_users.get_auth_router(auth_backend)", 9),
        ("/static", "mount", 'StaticFiles(directory="static")', 12),
    }
    by_prefix = {u["prefix"]: u for u in data["unread_routers"]}
    assert by_prefix["/auth/jwt"]["app"] == "app/main.py:app"
    assert by_prefix["/auth/jwt"]["tags"] == ["auth"]
    assert by_prefix["/api/users"]["file"] == "app/api.py"


def test_the_summary_shows_them(project: Path) -> None:
    result = orchestrate("index", "--project", project)
    assert result.exit_code == 0, result.output
    assert "Routers the index cannot read" in result.stdout
    assert "/auth/jwt" in result.stdout and "app/main.py:9" in result.stdout


@pytest.mark.parametrize("as_json", [False, True])
def test_an_answer_about_endpoints_names_them(project: Path, as_json: bool) -> None:
    extra = ["--json"] if as_json else []
    first = agent("consult", "fastapi", "user endpoints?", "--project", project, *extra)
    assert first.exit_code == 0, first.output
    again = agent("consult", "fastapi", "user endpoints?", "--project", project, *extra)
    assert again.stdout == first.stdout  # from the ready cache, the same answer
    if as_json:
        facts = json.loads(first.stdout)["facts"]
        assert [r["path"] for r in facts["routes"]] == ["/api/me"]
        assert {u["prefix"] for u in facts["unread_routers"]} == {
            "/api/users",
            "/api/admin",
            "/auth/jwt",
            "/static",
        }
        return
    text = first.stdout
    assert "GET /api/me" in text
    assert "by routers the index cannot read, so their endpoints are not listed (4)" in text
    assert (
        "- /auth/jwt: includes fastapi_users.get_auth_router(auth_backend) (app/main.py:9)" in text
    )
    assert '- /static: mounts StaticFiles(directory="static") (app/main.py:12)' in text


def test_an_answer_about_tables_does_not(project: Path) -> None:
    result = agent("consult", "database", "which tables?", "--project", project)
    assert result.exit_code == 0, result.output
    assert "cannot read" not in result.stdout


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_the_quick_answer_names_them_too(project: Path, capsys, extra: list[str]) -> None:
    """Once the project is carded, the quick path reads the section as plain rows."""
    from orchestrator.cli.quick_commands import answer_quickly

    args = ["consult", "fastapi", "which endpoints need auth?", "--project", str(project), *extra]
    full = agent(*args)
    assert full.exit_code == 0, full.output
    capsys.readouterr()
    assert answer_quickly(args, "agent")
    quick = capsys.readouterr().out
    assert quick == full.stdout
    assert "/auth/jwt" in quick
