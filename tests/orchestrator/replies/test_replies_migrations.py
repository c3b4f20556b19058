"""A project whose tables only its Alembic revisions make (raw SQL, no mapped classes):
"which tables?" names the tables the revisions create and have not dropped."""

from __future__ import annotations

import subprocess
from pathlib import Path

from orchestrator.replies.answer import answer
from tests.orchestrator.cli.cli_runner import agent
from tests.orchestrator.index.project_tree import index_of, write_tree

# As fastapi-realworld-example-app makes its tables: in helpers `upgrade` calls.
MAIN_TABLES = '''"""main tables"""
import sqlalchemy as sa
from alembic import op

revision = "fdf8821871d7"
down_revision = None


def create_users_table() -> None:
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))


def upgrade() -> None:
    create_users_table()
    op.create_table("articles", sa.Column("id", sa.Integer, primary_key=True))
    op.create_table("legacy_tags", sa.Column("tag", sa.Text, primary_key=True))


def downgrade() -> None:
    op.drop_table("articles")
    op.drop_table("users")
'''
DROP_LEGACY = '''"""drop legacy tags"""
import sqlalchemy as sa
from alembic import op

revision = "a2"
down_revision = "fdf8821871d7"


def upgrade() -> None:
    op.drop_table("legacy_tags")


def downgrade() -> None:
    op.create_table("legacy_tags", sa.Column("tag", sa.Text, primary_key=True))
'''
FILES = {
    "app/db/migrations/versions/fdf8821871d7_main_tables.py": MAIN_TABLES,
    "app/db/migrations/versions/a2_drop_legacy.py": DROP_LEGACY,
    "app/db/queries/users.sql": "-- name: get-user^\nSELECT * FROM users;\n",
}


def test_the_revisions_tables_answer_which_tables(tmp_path: Path) -> None:
    index = index_of(tmp_path, FILES)
    reply = answer("database", "which tables?", index)
    assert reply.answered
    assert reply.facts["models"] == []
    assert [(t["table"], t["revision"]) for t in reply.facts["revision_tables"]] == [
        ("articles", "fdf8821871d7"),
        ("users", "fdf8821871d7"),
    ]


def test_consult_says_no_models_and_where_the_tables_come_from(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shown = agent("consult", "database", "which tables?", "--project", tmp_path)
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[:3] == [
        "No models; the Alembic revisions create these tables:",
        "articles (app/db/migrations/versions/fdf8821871d7_main_tables.py, revision fdf8821871d7)",
        "users (app/db/migrations/versions/fdf8821871d7_main_tables.py, revision fdf8821871d7)",
    ]
