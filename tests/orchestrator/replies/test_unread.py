"""A router built by a long call (fastcrud's ``crud_router(session=..., model=...,
endpoint_names={...})``) is named by its callee in answers and in the index's table, one
line each; the index's facts keep the call as written."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import agent, orchestrate

MAIN = """
    from fastapi import FastAPI
    from fastcrud import FastCRUD, crud_router

    from app.models import Item, ItemCreate, ItemUpdate, get_session

    app = FastAPI()
    app.include_router(
        crud_router(
            session=get_session,
            model=Item,
            crud=FastCRUD(Item),
            create_schema=ItemCreate,
            update_schema=ItemUpdate,
            path="/items",
            tags=["items"],
            endpoint_names={"create": "create", "read": "get", "read_multi": "get_multi"},
        ),
        prefix="/api",
    )
    app.include_router(make_router(), prefix="/short")


    @app.get("/health")
    async def health() -> dict:
        return {}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "crud-app"
    (root / "app").mkdir(parents=True)
    (root / "app/__init__.py").write_text("")
    (root / "app/main.py").write_text(textwrap.dedent(MAIN).lstrip())
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_an_answer_names_a_long_call_by_its_callee(project: Path) -> None:
    result = agent("consult", "fastapi", "which endpoints need auth?", "--project", project)
    assert result.exit_code == 0, result.output
    assert "- /api: includes crud_router(…) (app/main.py:7)" in result.stdout
    assert "- /short: includes make_router() (app/main.py:20)" in result.stdout
    assert "endpoint_names" not in result.stdout


def test_the_index_table_shows_one_line_each(project: Path) -> None:
    result = orchestrate("index", "--project", project)
    assert result.exit_code == 0, result.output
    assert "crud_router(…)" in result.stdout
    assert "session=" not in result.stdout


def test_the_facts_keep_the_call_as_written(project: Path) -> None:
    result = orchestrate("index", "--json", "--project", project)
    assert result.exit_code == 0, result.output
    sources = {u["prefix"]: u["source"] for u in json.loads(result.stdout)["unread_routers"]}
    assert sources["/short"] == "make_router()"
    assert sources["/api"].startswith("crud_router(session=get_session,")
    assert "endpoint_names=" in sources["/api"]
