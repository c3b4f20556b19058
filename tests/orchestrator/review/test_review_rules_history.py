"""Rules on commits and file lists: ownership, issue references, tests, migrations."""

from __future__ import annotations

import pytest

SERVICE = "app/services.py"
CODE = "def double(x: int) -> int:\n    return 2 * x\n"
TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}


def test_commit_by_an_agent_outside_its_ownership_blocks(repo):
    repo.change({SERVICE: CODE, **TEST}, agent="vue")
    found = [f for f in repo.review().findings if f.rule == "QA-OWNERSHIP"]
    assert {f.file for f in found} == {SERVICE, "tests/test_more.py"}
    assert all(f.severity == "block" and f.owner == "fastapi" for f in found)


def test_commit_by_the_owner_passes(repo):
    repo.change({SERVICE: CODE, **TEST}, agent="fastapi")
    repo.change({"frontend/src/api.ts": "export const base = '/api'\n"}, agent="vue")
    assert "QA-OWNERSHIP" not in repo.rules()


def test_execute_commit_without_issue_reference_requests_changes(repo):
    repo.change({SERVICE: CODE, **TEST}, message="feat: double", agent="fastapi")
    found = [f for f in repo.review(issue=45).findings if f.rule == "QA-COMMIT-ISSUE"]
    assert len(found) == 1 and found[0].severity == "error" and found[0].owner == "fastapi"


def test_commits_naming_the_issue_pass_and_other_reviews_skip_the_rule(repo):
    repo.change({SERVICE: CODE, **TEST}, message="feat: double #45")
    assert "QA-COMMIT-ISSUE" not in repo.rules(issue=45)
    repo.change({SERVICE: CODE + "\n"}, message="chore: tidy")
    assert "QA-COMMIT-ISSUE" not in repo.rules()


def test_source_without_a_test_requests_changes(repo):
    repo.change({SERVICE: CODE})
    found = [f for f in repo.review().findings if f.rule == "QA-TESTS-MISSING"]
    assert [(f.file, f.severity) for f in found] == [(SERVICE, "error")]


def test_source_with_a_test_passes(repo):
    repo.change({SERVICE: CODE, **TEST})
    assert "QA-TESTS-MISSING" not in repo.rules()


NEW_COLUMN = "    published: Mapped[bool] = mapped_column(default=False)\n"
REVISION = '"""add published"""\n\nrevision = "0002"\ndown_revision = "0001"\n'


def test_model_change_without_revision_requests_changes(repo):
    repo.append("app/models/post.py", NEW_COLUMN)
    repo.change(TEST)
    found = [f for f in repo.review().findings if f.rule == "QA-MIGRATION-MISSING"]
    assert [(f.file, f.severity, f.owner) for f in found] == [
        ("app/models/post.py", "error", "database")
    ]


def test_model_change_with_a_new_revision_passes(repo):
    repo.append("app/models/post.py", NEW_COLUMN)
    repo.change({"alembic/versions/0002_published.py": REVISION, **TEST})
    assert "QA-MIGRATION-MISSING" not in repo.rules()


SCHEMA_BESIDE_THE_TABLE = """

class PostPreview(BaseModel):
    title: str
"""


def test_a_schema_or_a_method_beside_a_table_needs_no_revision(repo):
    repo.append("app/models/post.py", "\n    def shown(self) -> str:\n        return self.title\n")
    post = (repo.root / "app/models/post.py").read_text()
    repo.write("app/models/post.py", "from pydantic import BaseModel\n" + post)
    repo.append("app/models/post.py", SCHEMA_BESIDE_THE_TABLE)
    repo.change(TEST)
    assert "QA-MIGRATION-MISSING" not in repo.rules()


FIXTURE_TABLE = """
from sqlalchemy import Boolean, Column, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Product(Base):
    __tablename__ = "product"

    id = Column(Integer, primary_key=True)
"""


def test_a_table_a_test_declares_needs_no_revision(repo):
    """sqladmin's shape: its tests map throwaway tables, one named as the app's own."""
    repo.change({
        "tests/test_views.py": FIXTURE_TABLE + "    is_sold = Column(Boolean)\n",
        "tests/conftest.py": FIXTURE_TABLE.replace('"product"', '"posts"'),
    })  # fmt: skip
    assert "QA-MIGRATION-MISSING" not in repo.rules()


TAG_TABLE = """
from sqlalchemy.orm import Mapped, mapped_column

from app.models.post import Base


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
"""
TAG_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
"""


def test_a_table_removed_with_the_revision_that_made_it_needs_none(repo):
    """zhanymkanov/fastapi_production_template dropped its example tables together with
    the revision that created them: the history no longer makes them, so nothing to undo."""
    made = {"app/models/tag.py": TAG_TABLE, "alembic/versions/0002_tags.py": TAG_REVISION}
    repo.base = repo.change({**made, **TEST})
    (repo.root / "app/models/tag.py").unlink()
    repo.change(TEST)
    assert "QA-MIGRATION-MISSING" in repo.rules()  # the revision stays: the table is dropped
    (repo.root / "alembic/versions/0002_tags.py").unlink()
    repo.change(TEST)
    assert "QA-MIGRATION-MISSING" not in repo.rules()


def test_a_revision_in_the_projects_own_folder_counts(repo):
    repo.append("app/models/post.py", NEW_COLUMN)
    repo.change({"backend/db/revisions/b7e1_published.py": REVISION, **TEST})
    assert "QA-MIGRATION-MISSING" not in repo.rules()


def test_a_column_type_change_is_named(repo):
    post = (repo.root / "app/models/post.py").read_text()
    repo.write("app/models/post.py", post.replace("String(200)", "String(300)"))
    repo.change(TEST)
    (found,) = [f for f in repo.review().findings if f.rule == "QA-MIGRATION-MISSING"]
    assert "table 'posts' changed (columns changed: title)" in found.message


def test_a_new_table_and_a_removed_one_each_need_a_revision(repo):
    repo.write("app/models/post.py", "")
    repo.change(
        {
            "app/models/tag.py": (
                "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\n"
                "class Base(DeclarativeBase):\n    pass\n\n\n"
                "class Tag(Base):\n    __tablename__ = 'tags'\n\n"
                "    id: Mapped[int] = mapped_column(primary_key=True)\n"
            ),
            **TEST,
        }
    )
    found = [f for f in repo.review().findings if f.rule == "QA-MIGRATION-MISSING"]
    assert sorted((f.file, f.line, f.message.split(" (")[1]) for f in found) == [
        ("app/models/post.py", 0, "table removed) but the change adds no Alembic revision"),
        ("app/models/tag.py", 8, "new table) but the change adds no Alembic revision"),
    ]


def test_the_files_counted_without_tests_are_the_files_listed(repo):
    repo.change(
        {
            SERVICE: CODE,
            "app/other.py": CODE,
            "app/third.py": CODE,
            "app/fourth.py": CODE,
            "backend/db/revisions/b7e1_published.py": REVISION,  # a revision needs no test
        }
    )
    (found,) = [f for f in repo.review().findings if f.rule == "QA-TESTS-MISSING"]
    listed = found.message.split("no test did: ")[1].split(", ")
    assert found.message.startswith(f"{len(listed)} source file(s)")
    assert sorted(listed) == sorted([SERVICE, "app/other.py", "app/third.py", "app/fourth.py"])


ROUTER = "app/routers/posts.py"
TYPES = "frontend/src/types.ts"


def test_a_change_to_comments_and_layout_alone_needs_no_test(repo):
    router = (repo.root / ROUTER).read_text()
    reworded = router.replace(
        "async def create_post(", "# one post per call\nasync def create_post("
    )
    repo.write(ROUTER, reworded.replace("summary=", "\n    summary="))  # re-wrapped call
    repo.append(TYPES, "// the API's own shape\n")
    repo.commit()
    assert "QA-TESTS-MISSING" not in repo.rules()


def test_code_beside_a_new_comment_still_needs_a_test(repo):
    repo.append(ROUTER, "# a comment\nLIMIT = 10\n")
    repo.commit()
    (found,) = [f for f in repo.review().findings if f.rule == "QA-TESTS-MISSING"]
    assert found.file == ROUTER


def test_a_docstring_or_a_typescript_token_is_a_change(repo):
    router = (repo.root / ROUTER).read_text()
    repo.write(ROUTER, router.replace('"""`/posts`."""', '"""The posts."""'))
    types = (repo.root / TYPES).read_text()
    repo.write(TYPES, types.replace("title: string", "title?: string"))
    repo.commit()
    (found,) = [f for f in repo.review().findings if f.rule == "QA-TESTS-MISSING"]
    assert found.message.endswith(f"no test did: {ROUTER}, {TYPES}")


@pytest.mark.parametrize("name", ["app/widget.jsx", "app/worker.mjs", "app/legacy.cjs"])
def test_jsx_and_module_scripts_are_source(repo, name):
    repo.change({name: "export const answer = 42;\n"})
    (found,) = [f for f in repo.review().findings if f.rule == "QA-TESTS-MISSING"]
    assert found.file == name
