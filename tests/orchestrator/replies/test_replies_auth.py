"""Questions about access, answered from each route's dependencies, nested ones included."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.index import ProjectIndex, build_index
from orchestrator.replies.answer import answer

# A template-style backend: dependency aliases, a superuser dependency, a login router.
TEMPLATE = {
    "api/deps.py": (
        "from typing import Annotated\n"
        "from fastapi import Depends\n"
        "from fastapi.security import OAuth2PasswordBearer\n\n"
        "oauth2 = OAuth2PasswordBearer(tokenUrl='/auth/session')\n\n\n"
        "def get_session():\n    yield None\n\n\n"
        "DbSession = Annotated[object, Depends(get_session)]\n"
        "Token = Annotated[str, Depends(oauth2)]\n\n\n"
        "def get_current_member(db: DbSession, token: Token) -> dict:\n"
        "    return {}\n\n\n"
        "Member = Annotated[dict, Depends(get_current_member)]\n\n\n"
        "def get_current_active_superuser(member: Member) -> dict:\n"
        "    return member\n"
    ),
    "api/routes/auth.py": (
        "from typing import Annotated\n"
        "from fastapi import APIRouter, Depends\n"
        "from fastapi.security import OAuth2PasswordRequestForm\n"
        "from api.deps import DbSession, Member\n\n"
        "router = APIRouter(tags=['session'])\n\n\n"
        "@router.post('/auth/session')\n"
        "def open_session(db: DbSession, form: Annotated[OAuth2PasswordRequestForm, Depends()]):\n"
        "    ...\n\n\n"
        "@router.post('/auth/check')\n"
        "def check_session(member: Member):\n    ...\n"
    ),
    "api/routes/teams.py": (
        "from fastapi import APIRouter, Depends\n"
        "from api.deps import DbSession, Member, get_current_active_superuser\n\n"
        "router = APIRouter(prefix='/teams')\n\n\n"
        "@router.get('/')\n"
        "def list_teams(db: DbSession, member: Member):\n    ...\n\n\n"
        "@router.post('/', dependencies=[Depends(get_current_active_superuser)])\n"
        "def create_team(db: DbSession):\n    ...\n\n\n"
        "@router.get('/public-count')\n"
        "def count_teams(db: DbSession):\n    ...\n"
    ),
    "api/main.py": (
        "from fastapi import FastAPI\n"
        "from api.routes import auth, teams\n\n"
        "app = FastAPI()\n"
        "app.include_router(auth.router)\n"
        "app.include_router(teams.router)\n"
    ),
}

# A mealie-style backend: router classes that add a dependency, class-based views whose
# attributes depend on the caller, and dependencies re-exported through ``import *``.
VIEWS = {
    "core/security/__init__.py": "from .checks import *\n",
    "core/security/checks.py": (
        "from fastapi import Depends\n\n\n"
        "def get_current_user(token: str = Depends(lambda: '')):\n    ...\n\n\n"
        "def get_token(authorization: str = ''):\n    ...\n\n\n"
        "def current_user(token: str = Depends(get_token)):\n    ...\n\n\n"
        "def get_admin_user(user=Depends(current_user)):\n    ...\n"
    ),
    "web/routers.py": (
        "from fastapi import APIRouter, Depends\n"
        "from core.security import get_admin_user\n\n\n"
        "class AdminRouter(APIRouter):\n"
        "    def __init__(self, prefix: str = '', **kwargs):\n"
        "        super().__init__(prefix=prefix, dependencies=[Depends(get_admin_user)], **kwargs)\n"
    ),
    "web/views.py": (
        "from fastapi import APIRouter, Depends\n"
        "from core.security import current_user\n"
        "from web.routers import AdminRouter\n\n"
        "admin = AdminRouter(prefix='/admin/backups')\n"
        "router = APIRouter(prefix='/recipes')\n\n\n"
        "class BaseView:\n"
        "    user: dict = Depends(current_user)\n\n\n"
        "class RecipeView(BaseView):\n"
        "    @router.get('')\n"
        "    def all_recipes(self):\n        ...\n\n"
        "    @router.post('/token')\n"
        "    def share_token(self):\n        ...\n\n\n"
        "class BackupView:\n"
        "    @admin.post('')\n"
        "    def create_backup(self):\n        ...\n\n\n"
        "class TestSomething:\n"
        "    @mock.patch('web.views.thing')\n"
        "    def test_it(self, thing):\n        ...\n"
    ),
    "web/auth.py": (
        "from fastapi import APIRouter, Depends\n\n"
        "router = APIRouter(prefix='/auth')\n\n\n"
        "class CredentialsRequestForm:\n    ...\n\n\n"
        "@router.post('/token')\n"
        "def issue_token(data: CredentialsRequestForm = Depends()):\n    ...\n"
    ),
    "web/app.py": (
        "from fastapi import FastAPI\n"
        "from web import auth, views\n\n"
        "app = FastAPI()\n"
        "app.include_router(views.router, prefix='/api')\n"
        "app.include_router(views.admin, prefix='/api')\n"
        "app.include_router(auth.router, prefix='/api')\n"
    ),
}


def build(root: Path, files: dict[str, str]) -> ProjectIndex:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return build_index(root, use_cache=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> ProjectIndex:
    return build(tmp_path_factory.mktemp("template"), TEMPLATE)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> ProjectIndex:
    return build(tmp_path_factory.mktemp("views"), VIEWS)


def listed(index: ProjectIndex, question: str) -> set[str]:
    reply = answer("fastapi", question, index)
    assert reply.answered, reply.text
    return {f"{r['method']} {r['path']}" for r in reply.facts["routes"]}


def test_a_route_knows_every_dependency_it_runs(template: ProjectIndex) -> None:
    (create,) = [r for r in template.routes if r.handler == "create_team"]
    assert create.requires[0] == "get_current_active_superuser"
    assert {"get_current_member", "get_session", "oauth2"} <= set(create.requires)


def test_which_endpoints_need_a_superuser(template: ProjectIndex) -> None:
    assert listed(template, "which endpoints need a superuser?") == {"POST /teams/"}
    reply = answer("fastapi", "superuser endpoints?", template)
    assert reply.text.startswith("Endpoints that need superuser (get_current_active_superuser): 1")


def test_login_endpoints_are_those_that_log_in(template: ProjectIndex) -> None:
    assert listed(template, "login endpoints?") == {"POST /auth/session"}


def test_auth_and_public_endpoints(template: ProjectIndex) -> None:
    needing = {"POST /auth/check", "GET /teams/", "POST /teams/"}
    assert listed(template, "which endpoints require login?") == needing
    assert listed(template, "which endpoints need auth?") == needing
    assert listed(template, "which team endpoints are public?") == {"GET /teams/public-count"}


def test_questions_about_paths_stay_questions_about_paths(template: ProjectIndex) -> None:
    reply = answer("fastapi", "team endpoints?", template)
    assert reply.text.startswith("Endpoints about team: 3")


def test_class_based_views_routers_classes_and_star_imports(views: ProjectIndex) -> None:
    routes = {f"{r.method} {r.path}": r for r in views.routes}
    assert set(routes) == {
        "GET /api/recipes",
        "POST /api/recipes/token",
        "POST /api/admin/backups",
        "POST /api/auth/token",
    }  # the test method's ``@mock.patch`` is no route
    assert routes["GET /api/recipes"].auth  # through the view's ``Depends`` attribute
    assert routes["POST /api/admin/backups"].requires[:2] == ["get_admin_user", "current_user"]
    assert listed(views, "which endpoints need an admin?") == {"POST /api/admin/backups"}
    assert listed(views, "which endpoints are public?") == {"POST /api/auth/token"}


def test_login_by_the_token_url_or_a_login_form(views: ProjectIndex) -> None:
    # a login is callable without auth: the recipe view's ``/token`` needs a user
    assert listed(views, "login endpoints?") == {"POST /api/auth/token"}


# A dstack-style backend: dependencies are instances of classes whose ``__call__`` takes
# the bearer token, and their names say nothing about auth.
CALLABLE_CLASSES = {
    "security.py": (
        "from fastapi import Security\n"
        "from fastapi.security import HTTPBearer\n\n\n"
        "class ProjectMember:\n"
        "    async def __call__(self, *, project_name: str, token=Security(HTTPBearer())):\n"
        "        ...\n\n\n"
        "class Pagination:\n"
        "    def __call__(self, page: int = 1):\n        ...\n"
    ),
    "app.py": (
        "from fastapi import Depends, FastAPI\n"
        "from security import Pagination, ProjectMember\n\n"
        "app = FastAPI()\n\n\n"
        "@app.post('/api/project/{project_name}/fleets/list')\n"
        "def list_fleets(member=Depends(ProjectMember()), page=Depends(Pagination())):\n    ...\n\n\n"
        "@app.get('/api/fleets/public')\n"
        "def public_fleets(page=Depends(Pagination())):\n    ...\n"
    ),
}


def test_an_instance_of_a_class_is_auth_when_its_call_needs_a_token(tmp_path: Path) -> None:
    index = build(tmp_path, CALLABLE_CLASSES)
    auth = {r.path: r.auth for r in index.routes}
    assert auth == {"/api/project/{project_name}/fleets/list": True, "/api/fleets/public": False}


def test_the_verbs_of_a_question_are_no_roles_or_resources(tmp_path: Path) -> None:
    """A real app (polar) has dependencies named for what a checkout returns to; asking
    what an endpoint returns is still a question about its paths."""
    index = build(
        tmp_path,
        {
            "app/main.py": (
                "from fastapi import Depends, FastAPI\n\n"
                "app = FastAPI()\n\n\n"
                "def get_return_url() -> str:\n"
                "    return '/'\n\n\n"
                "@app.get('/checkouts/{id}')\n"
                "def get_checkout(id: int, url: str = Depends(get_return_url)) -> dict:\n"
                "    return {}\n\n\n"
                "@app.get('/orders')\n"
                "def list_orders() -> list[int]:\n"
                "    return []\n"
            )
        },
    )
    reply = answer("fastapi", "what does the checkout endpoint return?", index)
    assert reply.text.startswith("Endpoints about checkout: 1"), reply.text
    reply = answer("fastapi", "which endpoints handle orders?", index)
    assert reply.text.startswith("Endpoints about order: 1"), reply.text
