"""docker-compose services, .env.example variables and Alembic revisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.index import build_index

FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"


def test_compose_services() -> None:
    services = {s.name: s for s in build_index(FIXTURES / "infra", use_cache=False).services}
    api, db, web = services["api"], services["db"], services["web"]
    assert (api.line, api.build, api.image) == (7, "./backend (Dockerfile.dev)", None)
    assert api.ports == ["8000:8000", "9001:9000"]
    assert api.environment == {"DATABASE_URL": "postgresql://app:app@db:5432/app", "DEBUG": "true"}
    assert (api.env_file, api.depends_on) == ([".env"], ["db"])
    assert db.environment == {"POSTGRES_USER": "app", "POSTGRES_PASSWORD": None}
    assert (db.image, db.ports, db.env_file) == ("postgres:16", ["5432:5432"], [".env", ".env.db"])
    assert (web.build, web.depends_on) == ("./frontend", ["api"])


def test_env_example_variables() -> None:
    every = build_index(FIXTURES / "infra", use_cache=False).env_vars
    env = [v for v in every if v.source == "env"]
    assert [(v.name, v.default, v.line) for v in env] == [
        ("DATABASE_URL", "postgresql://app:app@localhost:5432/app", 2),
        ("SECRET_KEY", "change-me", 6),
        ("DEBUG", "false", 7),
        ("EMPTY", "", 8),
    ]
    assert (
        env[1].comment == "Signs tokens; generate one per environment. Never commit the real value."
    )


def test_alembic_revisions_and_head() -> None:
    index = build_index(FIXTURES / "infra", use_cache=False)
    assert [(m.revision, m.down_revisions, m.message) for m in index.migrations] == [
        ("0001", [], "create users"),
        ("0002", ["0001"], "add posts"),
    ]
    assert index.migration_heads == ["0002"]


def test_invalid_compose_file_is_skipped_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "docker-compose.yml").write_text("services:\n  api:\n    image: [unclosed\n")
    (skipped,) = build_index(tmp_path, use_cache=False).skipped
    assert skipped.file == "docker-compose.yml" and "line" in skipped.reason


def test_a_compose_file_nested_too_deep_is_a_compose_error_not_a_crash():
    from orchestrator.index.infra.compose import ComposeError, parse_compose

    deep = "services:\n  web:\n    x: " + "[" * 2000 + "]" * 2000 + "\n"
    with pytest.raises(ComposeError, match="line 3: nested more than"):
        parse_compose(deep, "docker-compose.yml")
