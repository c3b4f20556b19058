"""Tables declared with Tortoise ORM (`class Notes(models.Model)` with `fields.*Field`) are
the project's tables: the index lists them, `init` gives their module to database,
consult names them, and the offline table recipe, which writes SQLAlchemy, hands off."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.orchestrator.cli.cli_runner import agent, orchestrate
from tests.orchestrator.index.project_tree import index_of, write_tree

# As testdrivenio/fastapi-vue declares its tables.
MODELS = """from tortoise import fields, models


class Users(models.Model):
    id = fields.IntField(pk=True)
    username = fields.CharField(max_length=20, unique=True)
    full_name = fields.CharField(max_length=50, null=True)


class Notes(models.Model):
    id = fields.IntField(pk=True)
    title = fields.CharField(max_length=225)
    author = fields.ForeignKeyField("models.Users", related_name="note")

    class Meta:
        table = "note_rows"


class Timestamped(models.Model):
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True
"""
FILES = {
    "src/__init__.py": "",
    "src/database/__init__.py": "",
    "src/database/models.py": MODELS,
    "src/schemas/notes.py": "from pydantic import BaseModel\n\n\nclass NoteIn(BaseModel):\n    title: str\n",
}


def test_tortoise_models_are_tables(tmp_path: Path) -> None:
    index = index_of(tmp_path, FILES)
    tables = {m.name: m for m in index.models}
    assert set(tables) == {"Users", "Notes"}
    notes = tables["Notes"]
    assert (notes.kind, notes.table, notes.file) == (
        "tortoise",
        "note_rows",
        "src/database/models.py",
    )
    assert tables["Users"].table == "users"
    columns = {c.name: c for c in notes.columns}
    assert list(columns) == ["id", "title", "author_id"]
    assert columns["id"].primary_key and columns["author_id"].foreign_key == "users.id"
    assert [(r.name, r.target) for r in notes.relationships] == [("author", "Users")]
    assert {c.name: c.nullable for c in tables["Users"].columns}["full_name"]


def test_init_gives_them_to_database_and_consult_names_them(tmp_path: Path) -> None:
    write_tree(tmp_path, FILES)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert orchestrate("init", tmp_path).exit_code == 0
    shown = orchestrate("owners", "src/database/models.py", "--json", "--project", tmp_path)
    assert json.loads(shown.stdout)[0]["owner"] == "database"
    answered = agent("consult", "database", "which tables?", "--project", tmp_path)
    assert answered.output.splitlines()[0].startswith("Users (table users, src/database/models.py")
