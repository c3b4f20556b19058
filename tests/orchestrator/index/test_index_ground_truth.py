"""The static route table equals what each application reports about itself.

Every fixture that imports with the installed packages is imported in a subprocess and
asked for its OpenAPI paths (mounted FastAPI sub-applications included, under their mount
path) and for the fields of its pydantic models; the index must agree without importing.
"""

from __future__ import annotations

from pathlib import Path

from index_ground_truth import application_facts

from orchestrator.index import ProjectIndex, build_index

FIXTURES = Path(__file__).parents[2] / "fixtures" / "index"
REPO = Path(__file__).parents[3]


def static_operations(index: ProjectIndex) -> list[list[str]]:
    served = [r for r in index.routes if r.app is not None and r.include_in_schema]
    return sorted([r.method, r.path] for r in served)


def static_schemas(index: ProjectIndex, file: str) -> dict[str, list[list[object]]]:
    return {
        s.name: [[f.name, f.required] for f in s.fields] for s in index.schemas if s.file == file
    }


def test_routing_fixture_matches_openapi() -> None:
    root = FIXTURES / "routing"
    truth = application_facts(
        root, "app.main:app", ("app.schemas.base", "app.schemas.user", "app.schemas.item")
    )
    index = build_index(root, use_cache=False)
    assert static_operations(index) == truth["routes"]
    expected = truth["schemas"]
    found: dict[str, object] = {}
    for file in ("app/schemas/base.py", "app/schemas/user.py", "app/schemas/item.py"):
        found.update(static_schemas(index, file))
    assert found == expected


def test_factory_fixture_matches_openapi() -> None:
    root = FIXTURES / "factory"
    truth = application_facts(root, "service.main:app")
    assert static_operations(build_index(root, use_cache=False)) == truth["routes"]


def test_sqlmodel_fixture_matches_openapi_and_fields() -> None:
    root = FIXTURES / "sqlmodel_app"
    truth = application_facts(root, "heroes.main:app", ("heroes.models",))
    index = build_index(root, use_cache=False)
    assert static_operations(index) == truth["routes"]
    schemas = static_schemas(index, "heroes/models.py")
    tables = {m.name for m in index.models}
    assert tables == {"Team", "Hero"}
    schema_truth = {k: v for k, v in truth["schemas"].items() if k not in tables}
    assert schemas == schema_truth


BLOG = REPO / "examples" / "blog"


def test_blog_example_matches_openapi() -> None:
    truth = application_facts(BLOG / "backend", "app.main:app")
    assert static_operations(build_index(BLOG, use_cache=False)) == truth["routes"]
