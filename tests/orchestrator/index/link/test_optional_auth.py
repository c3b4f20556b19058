"""A dependency that lets an anonymous caller through is no auth: a factory asked for the
optional variant (`get_current_user_authorizer(required=False)`), a security scheme with
`auto_error=False`, a dependency named optional. The endpoints using only those are public."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.orchestrator.cli.cli_runner import agent
from tests.orchestrator.index.project_tree import index_of, write_tree

# As nsidnev/fastapi-realworld-example-app checks the caller: one factory for both variants.
FILES = {
    "app/__init__.py": "",
    "app/deps.py": (
        "from typing import Optional\n"
        "from fastapi import Depends, Security\n"
        "from fastapi.security import APIKeyHeader\n\n\n"
        "def get_current_user_authorizer(*, required: bool = True):\n"
        "    return _get_current_user if required else _get_current_user_optional\n\n\n"
        "def _get_current_user(token: str = Security(APIKeyHeader(name='Authorization'))):\n"
        "    ...\n\n\n"
        "def _get_current_user_optional(\n"
        "    token: Optional[str] = Security(APIKeyHeader(name='Authorization', auto_error=False)),\n"
        "):\n    ...\n\n\n"
        "def get_article_by_slug(slug: str, user=Depends(get_current_user_authorizer(required=False))):\n"
        "    ...\n\n\n"
        "def get_optional_current_user(\n"
        "    token: Optional[str] = Security(APIKeyHeader(name='Authorization', auto_error=False)),\n"
        "):\n    ...\n"
    ),
    "app/articles.py": (
        "from fastapi import APIRouter, Depends, Security\n"
        "from fastapi.security import HTTPBearer\n"
        "from app.deps import get_article_by_slug, get_current_user_authorizer\n"
        "from app.deps import get_optional_current_user\n\n"
        "router = APIRouter(prefix='/articles')\n\n\n"
        "@router.get('')\n"
        "def list_articles(user=Depends(get_current_user_authorizer(required=False))):\n    ...\n\n\n"
        "@router.post('')\n"
        "def create_article(user=Depends(get_current_user_authorizer())):\n    ...\n\n\n"
        "@router.get('/{slug}')\n"
        "def read_article(article=Depends(get_article_by_slug)):\n    ...\n\n\n"
        "@router.post('/{slug}/favorite')\n"
        "def favorite(article=Depends(get_article_by_slug),\n"
        "             user=Depends(get_current_user_authorizer())):\n    ...\n\n\n"
        "@router.get('/feed/maybe')\n"
        "def maybe_feed(user=Depends(get_optional_current_user)):\n    ...\n\n\n"
        "@router.get('/feed/bearer')\n"
        "def bearer_feed(token=Security(HTTPBearer(auto_error=False))):\n    ...\n"
    ),
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app import articles\n\n"
        "app = FastAPI()\n"
        "app.include_router(articles.router, prefix='/api')\n"
    ),
}
NEEDING = {"POST /api/articles", "POST /api/articles/{slug}/favorite"}


def test_an_optional_caller_makes_no_endpoint_need_auth(tmp_path: Path) -> None:
    index = index_of(tmp_path, FILES)
    auth = {f"{r.method} {r.path}" for r in index.routes if r.auth}
    assert auth == NEEDING
    (favorite,) = [r for r in index.routes if r.handler == "favorite"]
    assert favorite.auth_dependency == "get_current_user_authorizer()"


def test_consult_lists_only_the_endpoints_that_need_a_caller(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shown = agent("consult", "fastapi", "which endpoints need auth?", "--project", tmp_path)
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("Endpoints that need auth: 2"), shown.output
    assert "GET /api/articles " not in shown.output
