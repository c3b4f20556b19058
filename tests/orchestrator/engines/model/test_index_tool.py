"""`query_index`: sections of the static index as JSON, filtered and capped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestrator.engines.model import index_tool
from orchestrator.index import build_index
from orchestrator.project import open_project


@pytest.fixture
def facts(blog: Path):
    project = open_project(blog)

    def ask(section: str, about: str = "") -> dict:
        text = index_tool.index_facts(
            build_index(blog),  # as the files are now
            section,
            about,
            contracts=project.config.contracts,
            owner_of=project.ownership.owner_of,
        )
        return json.loads(text)

    return ask


def test_sections_filter_by_the_words_given(facts) -> None:
    schemas = facts("schemas", "user")
    assert schemas["count"] >= 2
    assert all("user" in s["name"].lower() for s in schemas["items"])
    models = facts("models", "users")
    assert [m["table"] for m in models["items"]] == ["users"]
    assert facts("env_vars")["count"] == len(facts("env_vars", "")["items"]) > 0


def test_the_example_has_no_contract_drift(facts) -> None:
    assert facts("contracts") == {"section": "contracts", "about": "", "count": 0, "items": []}


def test_long_sections_are_capped_and_say_so(blog: Path, facts) -> None:
    users = blog / "backend" / "app" / "routers" / "users.py"
    extra = index_tool.MAX_ITEMS + 5
    users.write_text(
        users.read_text()
        + "".join(
            f'\n\n@router.get("/extra-{n}")\nasync def extra_{n}() -> None: ...\n'
            for n in range(extra)
        )
    )
    routes = facts("routes")
    assert len(routes["items"]) == index_tool.MAX_ITEMS and routes["count"] > extra
    assert routes["left_out"].startswith(f"{routes['count'] - index_tool.MAX_ITEMS} more")
