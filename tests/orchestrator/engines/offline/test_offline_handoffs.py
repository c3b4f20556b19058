"""Every stop of the offline engine hands off: the file a person (or any assistant) needs,
and a message that says what was missing."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest
from offline_repos import commit_all, make_layout
from typer.testing import CliRunner, Result

from orchestrator.cli.apps import orchestrate_app

SERVICE_CLASS = '''"""Account queries, as a generic repository (no recipe follows these)."""

from app.models import Account
from app.repositories import SqlRepository


class AccountRepository(SqlRepository[Account]):
    model = Account
'''
SPEC = {"kind": "resource", "resource": "note", "fields": [{"name": "title", "type": "str"}]}


def orchestrate(*args: str | Path) -> Result:
    return CliRunner().invoke(orchestrate_app, [str(a) for a in args])


@pytest.fixture
def no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)


def run_issue(root: Path, tmp_path: Path) -> list[dict]:
    """Set stackcrew up in the repository, file the resource issue, run it offline."""
    for args in (("init", root), ("sprint", "new", "S1", "--project", root)):
        assert orchestrate(*args).exit_code == 0
    commit_all(root, "stackcrew state")
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    assert (
        orchestrate("issue", "new", "Add notes", "--spec", spec, "--project", root).exit_code == 0
    )
    commit_all(root, "the issue")
    result = orchestrate("run", "--issue", "1", "--project", root, "--json")
    return json.loads(result.stdout)["steps"]


def test_a_recipe_that_stops_hands_off_and_says_what_was_missing(
    tmp_path: Path, no_model: None
) -> None:
    root = make_layout("ledger", tmp_path / "ledger")
    (root / "app/services/account_service.py").write_text(SERVICE_CLASS)
    commit_all(root, "services as classes")
    database, fastapi = run_issue(root, tmp_path)[:2]
    assert database["status"] == "done"
    assert fastapi["status"] == "blocked"
    reason = fastapi["reason"]
    assert "class AccountRepository" in reason and "app/services/account_service.py" in reason
    handoff = fastapi["summary"].removeprefix("handed off: ")
    assert handoff.endswith("/handoff.md") and handoff in reason and "ANTHROPIC_API_KEY" in reason
    text = (root / handoff).read_text()
    assert "data access is written as classes" in text
    assert '"resource": "note"' in text  # the issue
    assert "## Paths this agent may write\n\n- `app/`" in text
    for module in (
        "app/services/account_service.py",
        "tests/conftest.py",
        "tests/test_accounts.py",
    ):
        assert f"- `{module}`" in text
    assert "- `app/models/note.py` (read only: database's)" in text
    assert "# fastapi agent" in text  # the prompt
    assert "runs/" not in git.Repo(root).git.status("--porcelain")  # run state, ignored


def test_a_layout_with_no_session_dependency_hands_off(tmp_path: Path, no_model: None) -> None:
    root = make_layout("ledger", tmp_path / "ledger")
    db = root / "app/db.py"
    db.write_text(db.read_text().replace("def get_db() -> Iterator[Session]:", "def open_db():"))
    commit_all(root, "renamed")
    (database, *_) = run_issue(root, tmp_path)
    assert database["status"] == "blocked"
    assert "no session dependency under app/" in database["reason"]
    assert (root / database["summary"].removeprefix("handed off: ")).is_file()


def test_a_base_that_declares_columns_hands_off_before_writing(
    tmp_path: Path, no_model: None
) -> None:
    """As in a real app (mealie): every table inherits `created_at` from the base, which a
    generated revision would leave out."""
    root = make_layout("ledger", tmp_path / "ledger")
    db = root / "app/db.py"
    db.write_text(
        db.read_text()
        .replace("from sqlalchemy import MetaData", "from sqlalchemy import DateTime, MetaData")
        .replace(
            "DeclarativeBase, Session",
            "DeclarativeBase, Mapped, Session, mapped_column",
        )
        .replace(
            "    metadata = MetaData(",
            "    created_at: Mapped[object] = mapped_column(DateTime)\n\n    metadata = MetaData(",
        )
    )
    commit_all(root, "a column every table has")
    head = git.Repo(root).head.commit.hexsha
    (database, *_) = run_issue(root, tmp_path)
    assert database["status"] == "blocked"
    assert (
        "`ModelBase` (app/db.py) declares columns every table inherits (created_at)"
        in (database["reason"])
    )
    repo = git.Repo(root)
    made = [c.summary for c in repo.iter_commits(f"{head}..HEAD")]
    assert made == ["the issue", "stackcrew state"]  # no table, no revision
    assert not (root / "app/models/note.py").exists()


def test_a_recipe_that_fails_unexpectedly_hands_off_and_names_the_fault(
    tmp_path: Path, no_model: None
) -> None:
    """A cloned repository can be shaped as no recipe expects (here a folder where the
    models package's `__init__.py` should be): the run stops blocked with a handoff, not
    a traceback."""
    root = make_layout("ledger", tmp_path / "ledger")
    init = root / "app/models/__init__.py"
    init.unlink()
    init.mkdir()
    (init / ".keep").write_text("")
    commit_all(root, "a folder named like a module")
    (database, *_) = run_issue(root, tmp_path)
    assert database["status"] == "blocked"
    reason = database["reason"]
    assert "recipe database.model failed unexpectedly (IsADirectoryError:" in reason
    assert " at engines/offline/" in reason and "fault of stackcrew's to report" in reason
    assert (root / database["summary"].removeprefix("handed off: ")).is_file()


@pytest.mark.parametrize(
    ("pinned_in", "text"),
    [
        ("requirements.txt", "fastapi==0.61.1\nSQLAlchemy==1.3.19\nalembic\n"),
        ("pyproject.toml", '[tool.poetry.dependencies]\nsqlalchemy = "^1.4"\n'),
    ],
    ids=["requirements", "poetry"],
)
def test_a_project_pinned_below_sqlalchemy_2_hands_off_before_writing(
    tmp_path: Path, no_model: None, pinned_in: str, text: str
) -> None:
    """As a real app (fastapi-react, SQLAlchemy==1.3.19) is: a table written with
    SQLAlchemy 2's `Mapped` and `mapped_column` would not import there."""
    root = make_layout("ledger", tmp_path / "ledger")
    (root / pinned_in).write_text(text)
    commit_all(root, "an older SQLAlchemy")
    (database, *_) = run_issue(root, tmp_path)
    assert database["status"] == "blocked"
    assert f"pins SQLAlchemy below 2 ({pinned_in}:" in database["reason"]
    assert not (root / "app/models/note.py").exists()


def test_tortoise_tables_hand_off_before_writing(tmp_path: Path, no_model: None) -> None:
    """As a real app (fastapi-vue) declares its tables: with Tortoise ORM, where a
    SQLAlchemy table would be foreign."""
    root = make_layout("ledger", tmp_path / "ledger")
    (root / "app/models/account.py").write_text(
        "from tortoise import fields, models\n\n\n"
        "class Account(models.Model):\n    id = fields.IntField(pk=True)\n"
    )
    commit_all(root, "tortoise tables")
    (database, *_) = run_issue(root, tmp_path)
    assert database["status"] == "blocked"
    assert "Tortoise ORM (app/models/account.py)" in database["reason"]
    assert not (root / "app/models/note.py").exists()
