"""Routes of the routing and factory fixtures: paths, parameters, dependencies, auth."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.index import ProjectIndex, Route, build_index

FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"


@pytest.fixture(scope="module")
def index() -> ProjectIndex:
    return build_index(FIXTURES / "routing", use_cache=False)


def route(index: ProjectIndex, method: str, path: str) -> Route:
    found = [r for r in index.routes if r.method == method and r.path == path]
    assert len(found) == 1, f"{method} {path}: {[(r.method, r.path) for r in index.routes]}"
    return found[0]


def params(r: Route) -> dict[str, tuple[str, bool]]:
    return {p.name: (p.location, p.required) for p in r.params}


def test_prefix_from_a_settings_constant_and_router(index: ProjectIndex) -> None:
    listed = route(index, "GET", "/api/v1/users")
    assert (listed.handler, listed.file, listed.line) == ("list_users", "app/routers/users.py", 12)
    assert listed.tags == ["users"]
    assert listed.description == "Every user, a page at a time."
    assert params(listed) == {
        "skip": ("query", False),
        "limit": ("query", False),
        "q": ("query", False),
    }


def test_prefix_on_both_include_router_and_router_with_include_dependencies(
    index: ProjectIndex,
) -> None:
    item = route(index, "PUT", "/api/v1/items/{item_id}")
    assert item.tags == ["catalog"]
    assert item.request_model == "ItemIn"
    assert item.response_model == "ItemOut"
    assert params(item) == {"item_id": ("path", True), "item": ("body", True)}
    assert item.dependencies == ["log_request", "verify_token"]
    assert item.auth and item.auth_dependency == "verify_token"


def test_annotated_markers_and_path_convertor(index: ProjectIndex) -> None:
    read = route(index, "GET", "/api/v1/items/{item_id}")
    assert params(read) == {
        "item_id": ("path", True),
        "include": ("query", False),
        "x_trace": ("header", False),
    }
    assert read.summary == "One item"
    assert route(index, "GET", "/api/v1/items/files/{file_path}").handler == "read_item_file"


def test_body_status_code_and_annotated_alias_dependency(index: ProjectIndex) -> None:
    created = route(index, "POST", "/api/v1/users/")
    assert created.status_code == 201
    assert created.request_model == "UserCreate"
    assert created.dependencies == ["log_request", "get_db"]
    assert not created.auth


def test_type_alias_dependency_is_auth(index: ProjectIndex) -> None:
    me = route(index, "GET", "/api/v1/users/me")
    assert me.auth and me.auth_dependency == "get_current_user"
    assert me.response_model == "UserOut"  # from the return annotation
    assert me.params == []


def test_auth_through_a_security_scheme_dependency(index: ProjectIndex) -> None:
    user = route(index, "GET", "/api/v1/users/{user_id}")
    assert user.auth and user.auth_dependency == "fetch_principal"


def test_auth_through_a_function_whose_parameter_uses_an_auth_alias(index: ProjectIndex) -> None:
    renamed = route(index, "PATCH", "/api/v1/users/{user_id}")
    assert renamed.auth and renamed.auth_dependency == "active_principal"
    assert params(renamed) == {"user_id": ("path", True), "name": ("query", True)}


def test_decorator_dependencies_api_route_and_add_api_route(index: ProjectIndex) -> None:
    deleted = route(index, "DELETE", "/api/v1/users/{user_id}")
    assert deleted.auth_dependency == "require_admin" and deleted.status_code == 204
    assert {r.method for r in index.routes if r.path == "/api/v1/users/{user_id}/avatar"} == {
        "GET",
        "PUT",
    }
    assert params(route(index, "POST", "/api/v1/users/export")) == {"format": ("query", False)}


def test_nested_routers_with_router_level_dependencies(index: ProjectIndex) -> None:
    audit = route(index, "GET", "/internal/admin/v2/audit/log")
    assert audit.tags == ["admin"]
    assert audit.auth_dependency == "get_current_user"
    report = route(index, "GET", "/internal/reports/r/{report_id}")
    assert report.tags == ["reports"] and report.auth


def test_mounted_sub_application_and_schema_flag(index: ProjectIndex) -> None:
    stats = route(index, "GET", "/admin-app/stats")
    assert stats.app == "app/main.py:app" and stats.dependencies == []
    assert route(index, "GET", "/").include_in_schema is False
    assert route(index, "GET", "/ping").summary == "Liveness probe"
    assert not route(index, "GET", "/ping").auth


def test_application_factory_under_another_name() -> None:
    index = build_index(FIXTURES / "factory", use_cache=False)
    paths = sorted((r.method, r.path) for r in index.routes)
    assert paths == [
        ("GET", "/status"),
        ("GET", "/v1/things/"),
        ("GET", "/v2/things"),
        ("POST", "/v1/things/{thing_id}/archive"),
    ]
    assert {r.app for r in index.routes} == {"service/main.py:application"}


def test_a_router_no_application_includes_keeps_its_own_prefix(tmp_path: Path) -> None:
    (tmp_path / "orphan.py").write_text(
        "from fastapi import APIRouter\n"
        "router = APIRouter(prefix='/lonely')\n"
        "@router.get('/x')\n"
        "def x(): ...\n"
    )
    (found,) = build_index(tmp_path, use_cache=False).routes
    assert (found.path, found.app) == ("/lonely/x", None)


def test_routers_handed_to_a_projects_own_function_keep_every_prefix(tmp_path: Path) -> None:
    """As in a real app (polar): the API router reaches the application through
    ``add_versioned_routers(app, router)``, which the index cannot follow; a router
    included twice, once under ``/custom`` and out of the schema."""
    (tmp_path / "checkout.py").write_text(
        "from fastapi import APIRouter\n\n"
        "inner_router = APIRouter(tags=['checkouts'])\n\n\n"
        "@inner_router.get('/{id}')\n"
        "def get(id: int) -> dict[str, int]:\n"
        "    return {'id': id}\n\n\n"
        "router = APIRouter(prefix='/checkouts')\n"
        "router.include_router(inner_router, prefix='/custom', include_in_schema=False)\n"
        "router.include_router(inner_router)\n"
    )
    (tmp_path / "main.py").write_text(
        "from fastapi import APIRouter, FastAPI\n\n"
        "from checkout import router as checkout_router\n"
        "from versioning import add_versioned_routers\n\n"
        "api = APIRouter(prefix='/v1')\n"
        "api.include_router(checkout_router)\n"
        "app = FastAPI()\n"
        "add_versioned_routers(app, api)\n"
    )
    found = {
        r.path: (r.include_in_schema, r.app, r.tags)
        for r in build_index(tmp_path, use_cache=False).routes
    }
    assert found == {
        "/v1/checkouts/custom/{id}": (False, None, ["checkouts"]),
        "/v1/checkouts/{id}": (True, None, ["checkouts"]),
    }


def test_a_router_left_out_of_the_schema_leaves_out_its_routes(tmp_path: Path) -> None:
    """FastAPI applies ``APIRouter(include_in_schema=False)`` to every route of the router,
    wherever it is included."""
    (tmp_path / "main.py").write_text(
        "from fastapi import APIRouter, FastAPI\n"
        "app = FastAPI()\n"
        "hidden = APIRouter(prefix='/folders', include_in_schema=False)\n"
        "shown = APIRouter(prefix='/projects')\n"
        "@hidden.get('/')\n"
        "def folders(): ...\n"
        "@shown.get('/')\n"
        "def projects(): ...\n"
        "app.include_router(hidden)\n"
        "app.include_router(shown)\n"
    )
    found = {r.path: r.include_in_schema for r in build_index(tmp_path, use_cache=False).routes}
    assert found == {"/folders/": False, "/projects/": True}


def test_routes_registered_by_calls(tmp_path: Path) -> None:
    """``router.add_api_route`` with another module's function, a verb decorator applied by
    hand (``router.post(...)(handler)``) at module level and inside a setup function."""
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "schemas.py").write_text(
        "from pydantic import BaseModel\n\n\nclass Order(BaseModel):\n    total: int\n"
    )
    (tmp_path / "shop" / "handlers.py").write_text(
        "from shop.schemas import Order\n\n\ndef recent_orders() -> list[Order]:\n    return []\n"
    )
    (tmp_path / "shop" / "app.py").write_text(
        "from fastapi import APIRouter, Depends, FastAPI\n"
        "from shop import handlers\n"
        "from shop.schemas import Order\n\n"
        "api = FastAPI()\n"
        "orders = APIRouter(prefix='/orders', tags=['orders'])\n\n\n"
        "def require_token() -> str:\n    return 'x'\n\n\n"
        "def place_order(order: Order, token: str = Depends(require_token)) -> Order:\n"
        "    return order\n\n\n"
        "def version() -> dict:\n    return {}\n\n\n"
        "orders.add_api_route('/recent', handlers.recent_orders, methods=['GET'])\n"
        "orders.post('', status_code=201)(place_order)\n\n\n"
        "def install_extras(app: FastAPI) -> None:\n"
        "    app.api_route('/version', methods=['GET', 'HEAD'])(version)\n\n\n"
        "api.include_router(orders)\n"
        "install_extras(api)\n"
    )
    index = build_index(tmp_path, use_cache=False)
    recent = route(index, "GET", "/orders/recent")
    assert (recent.response_model, recent.tags) == ("list[Order]", ["orders"])
    placed = route(index, "POST", "/orders")
    assert (placed.handler, placed.status_code, placed.request_model) == (
        "place_order", 201, "Order",
    )  # fmt: skip
    assert placed.auth and placed.line == 13
    assert {r.method for r in index.routes if r.path == "/version"} == {"GET", "HEAD"}


AUTH_SHAPES = """from typing import Annotated

from fastapi import APIRouter, Depends

from app.auth import Authenticator, OrgPolicyGuard, get_authorization_server, policy

router = APIRouter()

_OrdersRead = Authenticator(scopes={"orders:read"})
OrdersRead = Annotated[dict, Depends(_OrdersRead)]
AuthorizeOrg = Annotated[dict, Depends(OrgPolicyGuard(policy.can_read))]


@router.get("/orders")
def list_orders(auth_subject: OrdersRead) -> list[int]:
    return []


@router.get("/organizations/{id}")
def get_organization(id: int, authz: AuthorizeOrg) -> dict:
    return {}


@router.post("/oauth2/token")
def token(server: Annotated[object, Depends(get_authorization_server)]) -> dict:
    return {}
"""


def test_auth_through_a_bound_authenticator_a_guard_and_not_a_provider(tmp_path: Path) -> None:
    """As a real app (polar) writes it: an authenticator instance bound to a name, a
    policy guard built from a call, and the OAuth token endpoint, which only gets the
    authorization server it answers with."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "auth.py").write_text(
        "class Authenticator:\n    def __init__(self, scopes): ...\n\n\n"
        "def OrgPolicyGuard(policy_fn): ...\n\n\n"
        "def get_authorization_server(): ...\n\n\n"
        "class policy:\n    can_read = None\n"
    )
    (tmp_path / "app" / "routes.py").write_text(AUTH_SHAPES)
    routes = {r.path: r for r in build_index(tmp_path, use_cache=False).routes}
    assert (routes["/orders"].auth, routes["/orders"].auth_dependency) == (True, "_OrdersRead")
    organization = routes["/organizations/{id}"]
    assert organization.auth and organization.requires == ["OrgPolicyGuard"]
    assert not routes["/oauth2/token"].auth
