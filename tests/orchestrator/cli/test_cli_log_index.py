"""`orchestrate log` and `orchestrate index` in their table form, as the README shows them."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import agent, orchestrate


def test_the_log_table_shows_each_event_with_its_time(blog: Path) -> None:
    shown = orchestrate("log", "--project", blog)
    assert shown.exit_code == 0, shown.output
    first = json.loads(orchestrate("log", "--json", "--project", blog).stdout)[0]
    assert first["ts"][:10] in shown.stdout and first["event"][:8] in shown.stdout


def test_index_lists_the_skipped_files_once(blog: Path) -> None:
    (blog / "docker-compose.yml").write_text("services:\n  api:\n    image: [unclosed\n")
    shown = orchestrate("index", "--project", blog)
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.count("Skipped files") == 1 and "docker-compose.yml" in shown.stdout


def test_index_routes_as_json_holds_the_routes(blog: Path) -> None:
    plain = json.loads(orchestrate("index", "--json", "--project", blog).stdout)
    assert "routes" not in plain
    listed = json.loads(orchestrate("index", "--routes", "--json", "--project", blog).stdout)
    assert len(listed["routes"]) == 7
    paths = {(r["method"], r["path"]) for r in listed["routes"]}
    assert {("POST", "/api/v1/auth/login"), ("GET", "/api/v1/users/{user_id}")} <= paths
    assert all(r["file"] and r["line"] for r in listed["routes"])


ENV_EXAMPLE = """\
# General
DISPATCH_UI_URL=
DISPATCH_API_URL=http://localhost:8000  # where the UI calls

# --- Database ---
# The async SQLAlchemy URL.
DATABASE_URL=sqlite+aiosqlite:///./x.db
REDIS_URL=   # optional cache
"""


def test_the_devops_answer_names_its_file_once_per_variable(blog: Path) -> None:
    (blog / ".env.example").write_text(ENV_EXAMPLE)
    (blog / "backend" / ".env.sample").write_text("DATABASE_URL=postgresql://db/app\n")
    reply = agent("consult", "devops", "environment variables?", "--project", blog)
    assert reply.exit_code == 0, reply.output
    text = reply.stdout
    assert "General" not in text and "Database ---" not in text
    assert "DISPATCH_UI_URL  — .env.example:2\n" in text
    assert (
        "DISPATCH_API_URL = http://localhost:8000  — .env.example:3  # where the UI calls\n" in text
    )
    assert "REDIS_URL  — .env.example:8  # optional cache\n" in text
    (database,) = [line for line in text.splitlines() if "DATABASE_URL" in line]
    assert database.startswith(
        "DATABASE_URL = sqlite+aiosqlite:///./x.db  — .env.example:7  # The async SQLAlchemy"
        " URL.; backend/.env.sample:1 = postgresql://db/app; docker-compose.yml:"
    )
