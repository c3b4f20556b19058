"""`field` recipes: a column through model, revision, schemas and TypeScript types."""

from __future__ import annotations

from pathlib import Path

import pytest
from offline_repos import (
    backend_pytest,
    contract_errors,
    make_blog,
    make_shop,
    recipe,
    ruff_check,
    status,
)

FIELD_RECIPES = ("database.field", "fastapi.field", "vue.field")
NEW_FIELDS = [
    {"name": "note", "type": "text", "required": False},
    {"name": "sku", "type": "str", "max_length": 40, "required": False},
    {"name": "stock", "type": "int", "required": False, "default": 0},
]


def run_fields(root: Path, resource: str) -> dict[str, list[str]]:
    params = {"resource": resource, "fields": NEW_FIELDS}
    return {name: recipe(root, name, params) for name in FIELD_RECIPES}


@pytest.mark.slow
def test_a_field_goes_through_every_layer_of_the_shop(tmp_path: Path) -> None:
    root = make_shop(tmp_path / "shop")
    written = run_fields(root, "item")
    assert written["database.field"][0] == "src/shop/db/models/item.py"
    assert written["database.field"][1].startswith("migrations/versions/")
    assert written["fastapi.field"] == ["src/shop/schemas/item.py"]
    assert written["vue.field"] == ["web/src/types/item.ts"]
    assert (
        "stock: Mapped[int] = mapped_column(default=0)"
        in (root / written["database.field"][0]).read_text()
    )
    python = [f for files in written.values() for f in files if f.endswith(".py")]
    assert ruff_check(root, python).returncode == 0
    assert backend_pytest(root).returncode == 0  # includes models == migrations
    assert contract_errors(root) == []


def test_a_field_twice_changes_nothing(tmp_path: Path) -> None:
    root = make_shop(tmp_path / "shop")
    run_fields(root, "item")
    before = status(root)
    assert run_fields(root, "item") == {name: [] for name in FIELD_RECIPES}
    assert status(root) == before


@pytest.mark.slow
def test_a_field_on_the_blog_uses_the_shared_base_schema(tmp_path: Path) -> None:
    root = make_blog(tmp_path / "blog")
    run_fields(root, "user")
    schemas = (root / "backend/app/schemas/user.py").read_text()
    base = schemas.split("class UserBase")[1].split("class UserCreate")[0]
    response = schemas.split("class UserResponse")[1]
    assert "note: str | None = None" in base
    assert "note" not in response  # inherited from UserBase
    assert contract_errors(root) == []
    service = (root / "backend/app/services/user_service.py").read_text()
    assert "note=data.note" in service and "stock=data.stock" in service
    saved = root / "backend/tests/test_user_note.py"
    saved.write_text(SAVED_TEST)
    tests = backend_pytest(root)  # includes models == migrations
    assert tests.returncode == 0, tests.stdout


SAVED_TEST = """
import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.anyio


async def test_a_new_field_is_saved(client) -> None:
    body = {"email": "ada@example.com", "full_name": "Ada", "password": PASSWORD, "note": "hi"}
    created = await client.post("/users", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["note"] == "hi"
"""
