"""Offline CONSULT: each agent's questions answered from the static index, no I/O."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.names import BUILTIN_AGENTS, REVIEWER
from orchestrator.index import ProjectIndex, build_index
from orchestrator.replies.answer import FREE_FORM_HINT, INDEX_ANSWERS, answer, reply
from orchestrator.replies.skipped import READS

FIXTURES = Path(__file__).parents[2] / "fixtures" / "index"


@pytest.fixture(scope="module")
def routing() -> ProjectIndex:
    return build_index(FIXTURES / "routing", use_cache=False)


@pytest.fixture(scope="module")
def contracts() -> ProjectIndex:
    return build_index(FIXTURES / "contracts", use_cache=False)


@pytest.fixture(scope="module")
def infra() -> ProjectIndex:
    return build_index(FIXTURES / "infra", use_cache=False)


def operations(facts: list[dict]) -> set[tuple[str, str]]:
    return {(r["method"], r["path"]) for r in facts}


def test_every_builtin_but_the_reviewer_answers_from_the_index() -> None:
    implementers = set(BUILTIN_AGENTS) - {REVIEWER}
    assert set(INDEX_ANSWERS) == implementers
    assert set(READS) == implementers


def test_user_endpoints_filter_by_resource(routing: ProjectIndex) -> None:
    reply = answer("fastapi", "user endpoints?", routing)
    assert reply.answered
    found = operations(reply.facts["routes"])
    assert ("GET", "/api/v1/users") in found and ("DELETE", "/api/v1/users/{user_id}") in found
    assert all("/users" in path for _, path in found)
    assert "GET /api/v1/users" in reply.text
    json.dumps(reply.to_dict())  # JSON-able


def test_request_schema_of_an_operation(routing: ProjectIndex) -> None:
    reply = answer("fastapi", "POST /users request schema?", routing)
    assert reply.facts["route"]["path"] == "/api/v1/users/"
    assert reply.facts["request"]["type"] == "UserCreate"
    fields = [f["name"] for f in reply.facts["request"]["schema"]["fields"]]
    assert fields == ["email", "name", "role", "password"]
    assert "response" not in reply.facts


def test_concrete_path_matches_a_parameterised_route(routing: ProjectIndex) -> None:
    reply = answer("fastapi", "GET /users/42 response?", routing)
    assert reply.facts["route"]["path"] == "/api/v1/users/{user_id}"
    assert reply.facts["response"]["schema"]["name"] == "UserOut"


def test_schema_by_name(routing: ProjectIndex) -> None:
    reply = answer("fastapi", "UserCreate schema?", routing)
    assert reply.facts["schema"]["name"] == "UserCreate"
    assert "password: str" in reply.text and "strong_enough" in reply.text


def test_endpoints_that_need_auth(routing: ProjectIndex) -> None:
    reply = answer("fastapi", "which endpoints need auth?", routing)
    found = operations(reply.facts["routes"])
    assert ("GET", "/api/v1/users/me") in found and ("GET", "/ping") not in found
    assert all(r["auth"] for r in reply.facts["routes"])
    user_only = operations(
        answer("fastapi", "which user endpoints need auth?", routing).facts["routes"]
    )
    assert user_only and all("/users" in p for _, p in user_only)


def test_unknown_operation_is_not_answered(routing: ProjectIndex) -> None:
    reply = answer("fastapi", "DELETE /nowhere request?", routing)
    assert not reply.answered and reply.facts["route"] is None


def test_database_models_fields_relations_and_head(
    routing: ProjectIndex, infra: ProjectIndex
) -> None:
    models = answer("database", "models?", routing)
    assert [m["name"] for m in models.facts["models"]] == ["User", "Item", "Tag"]
    user = answer("database", "User model fields?", routing)
    assert user.facts["model"]["table"] == "users" and "email: String(254)" in user.text
    relations = answer("database", "relationships of users?", routing)
    assert relations.facts["relationships"] == [
        {
            "model": "User",
            "name": "items",
            "target": "Item",
            "back_populates": "owner",
            "many": True,
        }
    ]
    head = answer("database", "what is the migration head?", infra)
    assert head.facts["heads"] == ["0002"] and "0002" in head.text


def test_vue_interface_maps_to_endpoints(contracts: ProjectIndex) -> None:
    reply = answer("vue", "User interface?", contracts)
    (user,) = reply.facts["types"]
    assert user["schema"] == "UserResponse"
    assert user["endpoints"] == [{"method": "POST", "path": "/users", "as": "response"}]
    mapped = answer("vue", "Product type?", contracts, contracts={"ItemOut": "Product"})
    assert mapped.facts["types"][0]["endpoints"] == [
        {"method": "GET", "path": "/items/{item_id}", "as": "response"}
    ]


def test_devops_services_ports_and_environment(infra: ProjectIndex) -> None:
    services = answer("devops", "which services?", infra)
    assert [s["name"] for s in services.facts["services"]] == ["api", "db", "web"]
    ports = answer("devops", "ports?", infra)
    assert ports.facts["ports"]["api"] == ["8000:8000", "9001:9000"]
    env = answer("devops", "environment variables?", infra)
    assert [v["name"] for v in env.facts["env_vars"]] == [
        "DATABASE_URL",
        "SECRET_KEY",
        "DEBUG",
        "EMPTY",
        "POSTGRES_USER",
        "POSTGRES_PASSWORD",
    ]
    debug = env.facts["env_vars"][2]
    assert [(s["source"], s["file"], s["value"]) for s in debug["sources"]] == [
        ("env", ".env.example", "false"),
        ("compose", "docker-compose.yml", "true"),
    ]
    assert env.facts["service_environment"]["db"] == {
        "POSTGRES_USER": "app",
        "POSTGRES_PASSWORD": None,
    }


def test_qa_reviews(routing: ProjectIndex) -> None:
    none = answer("qa", "latest review?", routing)
    assert none.text == "No reviews recorded." and none.facts == {"reviews": []}
    reviews = [
        {
            "verdict": "changes_requested",
            "findings": [
                {"severity": "high", "file": "app/x.py", "line": 3, "message": "no auth"},
                {"message": "typo", "status": "resolved"},
            ],
        },
        {"verdict": "approved", "findings": ["docstring missing"]},
    ]
    reply = answer("qa", "open findings?", routing, reviews=reviews)
    assert reply.facts["latest"]["verdict"] == "approved"
    assert reply.facts["verdicts"] == ["changes_requested", "approved"]
    assert len(reply.facts["open_findings"]) == 2
    assert "[high] app/x.py:3 no auth" in reply.text


def test_unmapped_question_gives_nearest_facts(routing: ProjectIndex) -> None:
    found = answer("fastapi", "how should we shard the items cache?", routing)
    assert not found.answered
    assert any(n["kind"] == "route" and "/items" in n["path"] for n in found.facts["nearest"])
    text, data = reply("fastapi", "how should we shard the items cache?", routing)
    assert text.count("configured model") == 1 and text.endswith(FREE_FORM_HINT)
    assert data == found.to_dict()
    custom = answer("security", "anything about users?", routing)
    assert not custom.answered and custom.facts["nearest"]
