"""Every recipe on two layouts: lint-clean output, passing tests, no contract drift,
idempotent, and never overwriting a file a person changed."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from offline_repos import (
    ORDER,
    POST,
    backend_pytest,
    contract_errors,
    recipe,
    ruff_check,
    run_all,
    status,
)

from orchestrator.engines.offline.generated import GeneratedConflict

Done = tuple[Path, dict[str, list[str]]]

BLOG_FILES = {
    "database.model": [
        "backend/app/models/post.py",
        "backend/app/models/__init__.py",
        "backend/alembic/versions/0002_create_posts.py",
    ],
    "fastapi.crud": [
        "backend/app/schemas/post.py",
        "backend/app/services/post_service.py",
        "backend/app/routers/posts.py",
        "backend/app/routers/__init__.py",
        "backend/tests/test_posts.py",
    ],
    "vue.client": ["frontend/src/types/post.ts", "frontend/src/api/posts.ts"],
    "fastapi.health": [
        "backend/app/routers/health.py",
        "backend/app/main.py",
        "backend/tests/test_health.py",
    ],
    "devops.infra": [".github/workflows/ci.yml"],
}
SHOP_FILES = {
    "database.model": ["src/shop/db/models/order.py", "src/shop/db/models/__init__.py"],
    "fastapi.crud": [
        "src/shop/schemas/order.py",
        "src/shop/services/order.py",
        "src/shop/api/order.py",
        "src/shop/main.py",
        "tests/test_orders.py",
    ],
    "vue.client": ["web/src/types/order.ts", "web/src/api/order.ts"],
    "fastapi.health": ["src/shop/api/health.py", "src/shop/main.py", "tests/test_health.py"],
    "devops.infra": [".github/workflows/ci.yml", "Dockerfile", "docker-compose.yml"],
}


def test_blog_recipes_follow_its_layout(blog_done: Done) -> None:
    _, written = blog_done
    assert written == BLOG_FILES


def test_shop_recipes_follow_its_layout(shop_done: Done) -> None:
    root, written = shop_done
    migration = [f for f in written["database.model"] if f.startswith("migrations/versions/")]
    assert written["database.model"][:2] == SHOP_FILES["database.model"]
    assert len(migration) == 1
    assert (
        'down_revision: str | Sequence[str] | None = "3f9a1c2b7d4e"'
        in (root / migration[0]).read_text()
    )
    assert {k: v for k, v in written.items() if k != "database.model"} == {
        k: v for k, v in SHOP_FILES.items() if k != "database.model"
    }


@pytest.mark.parametrize("done", ["blog_done", "shop_done"])
def test_generated_python_is_lint_clean(done: str, request: pytest.FixtureRequest) -> None:
    root, written = request.getfixturevalue(done)
    files = sorted({f for fs in written.values() for f in fs if f.endswith(".py")})
    result = ruff_check(root, files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("done", "folder"), [("blog_done", "backend"), ("shop_done", ".")])
def test_backend_tests_pass(done: str, folder: str, request: pytest.FixtureRequest) -> None:
    root, _ = request.getfixturevalue(done)
    result = backend_pytest(root / folder)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "failed" not in result.stdout


@pytest.mark.parametrize("done", ["blog_done", "shop_done"])
def test_frontend_types_match_the_schemas(done: str, request: pytest.FixtureRequest) -> None:
    root, _ = request.getfixturevalue(done)
    assert contract_errors(root) == []


@pytest.mark.parametrize(("done", "resource"), [("blog_done", POST), ("shop_done", ORDER)])
def test_second_run_changes_nothing(
    done: str, resource: dict, request: pytest.FixtureRequest
) -> None:
    root, _ = request.getfixturevalue(done)
    assert run_all(root, resource) == {name: [] for name in BLOG_FILES}
    assert status(root) == ""


def test_sensitive_fields_never_leave_the_api(shop_done: Done) -> None:
    root, _ = shop_done
    schemas = (root / "src/shop/schemas/order.py").read_text()
    response = schemas.split("class OrderResponse")[1].split("class OrderPage")[0]
    assert "api_token" in schemas.split("class OrderResponse")[0]
    assert "api_token" not in response


@pytest.mark.parametrize(
    ("done", "changed", "name", "resource"),
    [
        ("blog_done", "backend/app/services/post_service.py", "fastapi.crud", POST),
        ("shop_done", "web/src/api/order.ts", "vue.client", ORDER),
        ("blog_done", "backend/alembic/versions/0002_create_posts.py", "database.model", POST),
    ],
)
def test_a_changed_file_is_never_overwritten(
    done: str, changed: str, name: str, resource: dict, request: pytest.FixtureRequest
) -> None:
    root, _ = request.getfixturevalue(done)
    path = root / changed
    mine = path.read_text() + "\n// or # a person's change\n"
    path.write_text(mine)
    try:
        with pytest.raises(GeneratedConflict, match=changed):
            recipe(root, name, resource)
        assert path.read_text() == mine
    finally:
        git.Repo(root).git.checkout("--", changed)
