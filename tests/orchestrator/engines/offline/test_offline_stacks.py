"""The resource recipes on three more stacks, each a fixture project with tests of its own:

* ledger — SQLAlchemy 2 with a synchronous `Session`, the project's own `ModelBase`
  (with a naming convention), service modules, TestClient tests under `/api`;
* notes — SQLModel tables and schemas in one `app/models.py`, UUID keys, `app/crud.py`
  functions, `app/api/routes/` with `SessionDep`, Alembic in `app/alembic/`, tests
  under `tests/api/routes/` that put `/api/v1` before every path;
* kiosk — SQLModel, one module per table holding its schemas too, sqlmodel's
  `AsyncSession`, int keys, routers included by `app/main.py`, AsyncClient tests;
* depot — the ledger's stack with services written as classes bound to the request's
  session (`AccountService(db).list_accounts()`);
* pantry — the ledger's stack written as a package run under two roots is: its modules
  import each other relatively, and its base maps tables as dataclasses.

After the database, fastapi and health recipes, the generated code is lint-clean, the
revision chains to the head it found, and the project's own tests (its migration test
compares the upgraded schema with the metadata) pass with the new ones.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from offline_repos import backend_pytest, commit_all, make_layout, recipe, ruff_check, status

from orchestrator.engines.offline.layout import LayoutError
from orchestrator.index import build_index

NOTE = {
    "resource": "note",
    "fields": [
        {"name": "title", "type": "str", "max_length": 120},
        {"name": "body", "type": "text", "required": False},
        {"name": "pinned", "type": "bool", "required": False, "default": False},
        {"name": "due", "type": "date", "required": False},
        {"name": "seen_at", "type": "datetime", "required": False},
        {"name": "weight", "type": "float", "required": False},
        {"name": "owner_id", "type": "int", "references": "OWNER.id"},
        {"name": "api_token", "type": "str", "required": False},
    ],
}
OWNERS = {
    "ledger": "accounts",
    "notes": "team",
    "kiosk": "products",
    "depot": "accounts",
    "pantry": "accounts",
}
HEADS = {"ledger": "0001", "notes": "5d1f0c3a9e21", "kiosk": "0001", "depot": "0001"}
HEADS["pantry"] = HEADS["ledger"]
STEPS = ("database.model", "fastapi.crud", "fastapi.health")
WRITTEN = {
    "ledger": {
        "database.model": ["app/models/note.py", "app/models/__init__.py"],
        "fastapi.crud": [
            "app/schemas/note.py",
            "app/services/note_service.py",
            "app/routers/notes.py",
            "app/routers/__init__.py",
            "tests/test_notes.py",
        ],
        "fastapi.health": ["app/routers/health.py", "app/main.py", "tests/test_health.py"],
    },
    "notes": {
        "database.model": ["app/models.py"],
        "fastapi.crud": [
            "app/crud.py",
            "app/api/routes/notes.py",
            "app/api/main.py",
            "tests/api/routes/test_notes.py",
        ],
        "fastapi.health": [
            "app/api/routes/health.py",
            "app/main.py",
            "tests/api/routes/test_health.py",
        ],
    },
    "kiosk": {
        "database.model": ["app/models/note.py", "app/models/__init__.py"],
        "fastapi.crud": [
            "app/services/note_service.py",
            "app/routers/notes.py",
            "app/main.py",
            "tests/test_notes.py",
        ],
        "fastapi.health": ["app/routers/health.py", "app/main.py", "tests/test_health.py"],
    },
}
WRITTEN["depot"] = WRITTEN["ledger"]  # the same files; only the service's form differs
WRITTEN["pantry"] = WRITTEN["ledger"]  # the same files; only their imports and fields differ

Done = tuple[Path, dict[str, list[str]]]


def resource(layout: str) -> dict[str, object]:
    fields = [
        {**f, "references": f"{OWNERS[layout]}.id"} if "references" in f else f
        for f in NOTE["fields"]
    ]
    return {"resource": "note", "fields": fields}


def _done(name: str, tmp_path_factory: pytest.TempPathFactory) -> Done:
    """A fixture layout after the recipes ran once, committed."""
    root = make_layout(name, tmp_path_factory.mktemp("stacks") / name)
    written = {
        step: recipe(root, step, resource(name) if step != "fastapi.health" else {})
        for step in STEPS
    }
    commit_all(root)
    return root, written


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Done:
    return _done("ledger", tmp_path_factory)


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Done:
    return _done("notes", tmp_path_factory)


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Done:
    return _done("kiosk", tmp_path_factory)


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Done:
    return _done("depot", tmp_path_factory)


@pytest.fixture(scope="module")
def pantry(tmp_path_factory: pytest.TempPathFactory) -> Done:
    return _done("pantry", tmp_path_factory)


@pytest.fixture(params=sorted(WRITTEN))
def done(request: pytest.FixtureRequest) -> Done:
    return request.getfixturevalue(request.param)


def revision(root: Path, written: list[str]) -> str:
    """The text of the one revision a step wrote."""
    (path,) = [f for f in written if "/versions/" in f]
    return (root / path).read_text()


def test_each_stack_gets_its_files_where_it_keeps_them(done: Done) -> None:
    root, written = done
    name = root.name
    assert {s: [f for f in fs if "/versions/" not in f] for s, fs in written.items()} == WRITTEN[
        name
    ]
    text = revision(root, written["database.model"])
    assert f'down_revision: str | Sequence[str] | None = "{HEADS[name]}"' in text
    index = build_index(root, use_cache=False)
    head = re.search(r'^revision: str = "(\w+)"', text, re.MULTILINE)
    assert head is not None and index.migration_heads == [head[1]]


def test_generated_python_is_lint_clean(done: Done) -> None:
    root, written = done
    files = sorted({f for fs in written.values() for f in fs if f.endswith(".py")})
    result = ruff_check(root, files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_projects_own_tests_pass_with_the_new_ones(done: Done) -> None:
    root, _ = done
    result = backend_pytest(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "failed" not in result.stdout and " passed" in result.stdout


def test_a_second_run_changes_nothing(done: Done) -> None:
    root, _ = done
    again = {
        step: recipe(root, step, resource(root.name) if step != "fastapi.health" else {})
        for step in STEPS
    }
    assert again == {step: [] for step in STEPS}
    assert status(root) == ""


def test_ledger_follows_its_base_class_and_synchronous_session(ledger: Done) -> None:
    root, written = ledger
    model = (root / "app/models/note.py").read_text()
    assert "from app.db import ModelBase" in model and "class Note(ModelBase):" in model
    service = (root / "app/services/note_service.py").read_text()
    assert "from sqlalchemy.orm import Session" in service and "async def" not in service
    text = revision(root, written["database.model"])
    assert 'name=op.f("pk_notes")' in text  # the base's naming convention
    assert 'URL = "/api/notes"' in (root / "tests/test_notes.py").read_text()


def test_notes_adds_to_its_models_and_crud_modules(notes: Done) -> None:
    root, written = notes
    models = (root / "app/models.py").read_text()
    assert "class Note(SQLModel, table=True):" in models and "__tablename__" not in models
    assert "id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)" in models
    assert 'owner_id: uuid.UUID = Field(foreign_key="team.id")' in models
    for schema in ("NoteCreate", "NoteUpdate", "NoteResponse", "NotePage"):
        assert f"class {schema}(SQLModel):" in models
    assert "def create_team(" in (root / "app/crud.py").read_text()  # kept as it was
    assert "def create_note(db: Session, data: NoteCreate)" in (root / "app/crud.py").read_text()
    router = (root / "app/api/routes/notes.py").read_text()
    assert "from app.api.deps import SessionDep" in router and "from app import crud" in router
    assert "note_id: uuid.UUID" in router
    assert "api_router.include_router(notes.router)" in (root / "app/api/main.py").read_text()
    assert 'URL = "/api/v1/notes"' in (root / "tests/api/routes/test_notes.py").read_text()
    text = revision(root, written["database.model"])
    assert '"note",' in text and 'sa.Column("id", sa.Uuid(), nullable=False)' in text


def test_kiosk_keeps_schemas_beside_the_async_table(kiosk: Done) -> None:
    root, _ = kiosk
    model = (root / "app/models/note.py").read_text()
    assert '__tablename__ = "notes"' in model and "class NoteResponse(SQLModel):" in model
    service = (root / "app/services/note_service.py").read_text()
    assert "from sqlmodel.ext.asyncio.session import AsyncSession" in service
    assert "await db.exec(" in service
    assert "app.include_router(notes.router)" in (root / "app/main.py").read_text()


def test_depot_gets_a_service_class_bound_to_the_session(depot: Done) -> None:
    root, _ = depot
    service = (root / "app/services/note_service.py").read_text()
    assert "class NoteService:" in service
    assert "def __init__(self, session: Session) -> None:" in service
    assert "self.session.commit()" in service and "db." not in service
    assert "    def create_note(self, data: NoteCreate) -> Note:" in service
    router = (root / "app/routers/notes.py").read_text()
    assert "from app.services.note_service import NoteService" in router
    assert "return NoteService(db).create_note(data)" in router


def test_pantry_imports_its_package_relatively_and_keeps_dataclass_order(pantry: Done) -> None:
    """Generated modules import the package as its own modules do (an absolute `app.`
    import breaks the root the project was not started from); dataclass tables take the
    key out of `__init__` and fields without defaults first (else the class fails to
    build). The project's own tests, run above, create notes through the API."""
    root, _ = pantry
    model = (root / "app/models/note.py").read_text()
    assert "from ..db import ModelBase" in model
    assert "id: Mapped[int] = mapped_column(primary_key=True, init=False)" in model
    fields = re.findall(r"^    (\w+): Mapped\[[^\n]*$", model, re.MULTILINE)
    assert fields[:3] == ["id", "title", "owner_id"]  # the required, in the spec's order
    assert "owner: Mapped[Account] = relationship(init=False)" in model
    assert "body: Mapped[str | None] = mapped_column(Text(), default=None)" in model
    assert "from .note import Note" in (root / "app/models/__init__.py").read_text()
    for generated in ("app/routers/notes.py", "app/services/note_service.py"):
        text = (root / generated).read_text()
        assert "from app." not in text and "import app." not in text, generated
    assert "from . import accounts, notes" in (root / "app/routers/__init__.py").read_text()
    assert "from .routers import api_router, health" in (root / "app/main.py").read_text()


def test_a_field_on_a_sqlmodel_table_is_refused_not_written_wrong(notes: Done) -> None:
    root, _ = notes
    field = {"resource": "note", "fields": [{"name": "color", "type": "str"}]}
    with pytest.raises(LayoutError, match="SQLModel table"):
        recipe(root, "database.field", field)
    assert status(root) == ""


def test_a_field_on_a_dataclass_table_needs_a_default(pantry: Done, tmp_path: Path) -> None:
    """A field without a default cannot follow the fields that have one; an optional one
    is added with its default."""
    root = tmp_path / "pantry"
    shutil.copytree(pantry[0], root)
    required = {"resource": "note", "fields": [{"name": "color", "type": "str"}]}
    with pytest.raises(LayoutError, match=r"without a default \(color\)"):
        recipe(root, "database.field", required)
    assert status(root) == ""
    optional = {"resource": "note", "fields": [{"name": "color", "type": "str", "required": False}]}
    assert "app/models/note.py" in recipe(root, "database.field", optional)
    model = (root / "app/models/note.py").read_text()
    assert "color: Mapped[str | None] = mapped_column(String(255), default=None)" in model
    result = backend_pytest(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_a_reference_takes_the_type_of_the_column_it_names(tmp_path: Path) -> None:
    """A table may key on an integer and a UUID together (a real app's users): a
    reference to its `id` is an integer."""
    root = make_layout("ledger", tmp_path / "ledger")
    account = root / "app/models/account.py"
    account.write_text(
        "import uuid\n\n"
        + account.read_text().replace(
            "    balance:",
            "    public_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)\n    balance:",
        )
    )
    commit_all(root, "a public id")
    recipe(root, "database.model", resource("ledger"))
    model = (root / "app/models/note.py").read_text()
    assert 'owner_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))' in model


def test_revisions_go_where_alembic_ini_says_when_there_are_none_yet(tmp_path: Path) -> None:
    root = make_layout("kiosk", tmp_path / "kiosk")
    (root / "alembic/versions/0001_create_products.py").unlink()
    (root / "db").mkdir()
    (root / "alembic").rename(root / "db/migrations")
    (root / "alembic.ini").write_text("[alembic]\nscript_location = %(here)s/db/migrations\n")
    commit_all(root, "migrations moved, none written yet")
    written = recipe(root, "database.model", resource("kiosk"))
    assert written[-1] == "db/migrations/versions/0001_create_notes.py"


def test_a_database_step_that_cannot_chain_writes_nothing(tmp_path: Path) -> None:
    root = make_layout("ledger", tmp_path / "ledger")
    first = root / "alembic/versions/0001_create_accounts.py"
    other = first.read_text().replace('revision = "0001"', 'revision = "0001b"')
    (root / "alembic/versions/0001b_other_branch.py").write_text(other)
    commit_all(root, "two heads")
    with pytest.raises(LayoutError, match=r"2 heads \(0001, 0001b\)"):
        recipe(root, "database.model", resource("ledger"))
    assert status(root) == ""


def test_revision_trees_in_two_folders_are_not_told_to_merge(tmp_path: Path) -> None:
    """As in a real app (Netflix dispatch: one tree per database schema): two heads in two
    folders may be separate trees, where `alembic merge heads` would be wrong."""
    root = make_layout("ledger", tmp_path / "ledger")
    tenant = root / "alembic/tenant/versions"
    tenant.mkdir(parents=True)
    first = root / "alembic/versions/0001_create_accounts.py"
    (tenant / "0001t_create_members.py").write_text(
        first.read_text().replace('revision = "0001"', 'revision = "0001t"')
    )
    commit_all(root, "a tree per schema")
    with pytest.raises(LayoutError, match=r"2 heads in 2 folders") as refused:
        recipe(root, "database.model", resource("ledger"))
    assert "alembic/tenant/versions" in str(refused.value)
    assert "if they are branches of one tree" in refused.value.hint
    assert status(root) == ""


def test_a_base_made_by_declarative_base_is_followed(tmp_path: Path) -> None:
    """``Base = declarative_base(...)``, as older SQLAlchemy apps write it (dispatch)."""
    root = make_layout("ledger", tmp_path / "ledger")
    db = root / "app/db.py"
    db.write_text(
        db.read_text()
        .replace("DeclarativeBase, Session", "Session, declarative_base")
        .replace("class ModelBase(DeclarativeBase):", "class _Naming:")
        + "\n\nModelBase = declarative_base(metadata=_Naming.metadata)\n"
    )
    commit_all(root, "an older base")
    written = recipe(root, "database.model", resource("ledger"))
    assert written[:2] == ["app/models/note.py", "app/models/__init__.py"]
    model = (root / "app/models/note.py").read_text()
    assert "from app.db import ModelBase" in model and "class Note(ModelBase):" in model
    result = backend_pytest(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_a_decorated_base_and_singular_tables_are_followed(tmp_path: Path) -> None:
    """``@as_declarative() class Base`` whose tables are named for their class
    (Kludex/fastapi-microservices): the new table is found a base and named alike."""
    root = make_layout("ledger", tmp_path / "ledger")
    db = root / "app/db.py"
    db.write_text(
        db.read_text()
        .replace("DeclarativeBase, Session", "Session")
        .replace("from sqlalchemy import MetaData", "from sqlalchemy import MetaData\n"
                 "from sqlalchemy.ext.declarative import as_declarative")
        .replace("class ModelBase(DeclarativeBase):", "@as_declarative()\nclass ModelBase:")
    )  # fmt: skip
    for path in (root / "app/models/account.py", *root.glob("alembic/versions/*.py")):
        path.write_text(path.read_text().replace('"accounts"', '"account"'))
    commit_all(root, "a decorated base, tables named for their class")
    field = {**resource("ledger"), "fields": [{"name": "title", "type": "str"}]}
    written = recipe(root, "database.model", field)
    assert written[:2] == ["app/models/note.py", "app/models/__init__.py"]
    model = (root / "app/models/note.py").read_text()
    assert "class Note(ModelBase):" in model and '__tablename__ = "note"' in model
