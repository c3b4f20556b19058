"""Models and schemas: SQLAlchemy 2, classic Column, SQLModel, pydantic inheritance."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from orchestrator.index import Column, Model, Schema, build_index

T = TypeVar("T")
FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"


def by_name(items: Sequence[T], name: str) -> T:
    (found,) = [i for i in items if getattr(i, "name", None) == name]
    return found


def column(model: Model, name: str) -> Column:
    return by_name(model.columns, name)


def test_sqlalchemy_mapped_columns_with_a_mixin() -> None:
    index = build_index(FIXTURES / "routing", use_cache=False)
    user = by_name(index.models, "User")
    assert (user.table, user.kind, user.file) == ("users", "sqlalchemy", "app/models.py")
    assert [c.name for c in user.columns] == ["created_at", "id", "email", "nickname", "bio"]
    assert column(user, "created_at").inherited_from == "TimestampMixin"
    email = column(user, "email")
    assert (email.type, email.unique, email.index, email.nullable) == (
        "String(254)",
        True,
        True,
        False,
    )
    assert column(user, "id").primary_key and not column(user, "id").nullable
    assert column(user, "nickname").nullable and column(user, "bio").nullable
    (items,) = user.relationships
    assert (items.target, items.back_populates, items.many) == ("Item", "owner", True)


def test_classic_columns_and_abstract_bases() -> None:
    index = build_index(FIXTURES / "routing", use_cache=False)
    item = by_name(index.models, "Item")
    owner_id = column(item, "owner_id")
    assert (owner_id.foreign_key, owner_id.nullable, owner_id.index) == ("users.id", True, True)
    assert not column(item, "title").nullable and column(item, "sold").nullable
    assert by_name(item.relationships, "owner").target == "User"
    tag = by_name(index.models, "Tag")
    assert [c.name for c in tag.columns] == ["deleted", "id", "label"]
    assert {m.name for m in index.models} == {"User", "Item", "Tag"}


def test_pydantic_inheritance_across_modules_with_overrides() -> None:
    index = build_index(FIXTURES / "routing", use_cache=False)
    out: Schema = by_name(index.schemas, "UserOut")
    assert [f.name for f in out.fields] == [
        "created_at",
        "updated_at",
        "version",
        "email",
        "name",
        "role",
        "id",
        "tags",
    ]
    version = by_name(out.fields, "version")
    assert (version.default, version.inherited_from, version.file) == (
        "2",
        None,
        "app/schemas/user.py",
    )
    created = by_name(out.fields, "created_at")
    assert (created.inherited_from, created.file, created.line) == (
        "Timestamped",
        "app/schemas/base.py",
        9,
    )
    name = by_name(out.fields, "name")
    assert name.required and name.constraints == {"min_length": "1", "max_length": "80"}
    assert by_name(out.fields, "tags").default == "list()"
    assert out.validators == ["check"]
    assert by_name(index.schemas, "UserCreate").validators == ["strong_enough"]


def test_sqlmodel_tables_are_models_and_the_rest_schemas() -> None:
    index = build_index(FIXTURES / "sqlmodel_app", use_cache=False)
    assert {m.name: m.table for m in index.models} == {"Team": "team", "Hero": "heroes"}
    hero = by_name(index.models, "Hero")
    assert column(hero, "team_id").foreign_key == "team.id"
    assert column(hero, "age").nullable and not column(hero, "id").nullable
    assert column(hero, "name").inherited_from == "HeroBase"
    assert by_name(hero.relationships, "team").target == "Team"
    assert by_name(by_name(index.models, "Team").relationships, "heroes").many
    public = by_name(index.schemas, "HeroPublic")
    assert public.kind == "sqlmodel"
    assert by_name(public.fields, "name").constraints == {"max_length": "100"}


BASE_WITH_COLUMNS = """from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class AppBase(DeclarativeBase):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime | None] = mapped_column()


class Recipe(AppBase):
    __tablename__ = "recipes"
    name: Mapped[str] = mapped_column(String(200))
"""
DATA_MIGRATION = '''"""normalize recipe names

Revision ID: 5ab195a474eb
Revises: 16160bf731a0
"""

import sqlalchemy as sa
from sqlalchemy import orm

revision = "5ab195a474eb"
down_revision = "16160bf731a0"


class SqlAlchemyBase(orm.DeclarativeBase):
    pass


class RecipeModel(SqlAlchemyBase):
    __tablename__ = "recipes"
    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, primary_key=True)
    name_normalized: orm.Mapped[str] = orm.mapped_column(sa.String)


def upgrade() -> None:
    pass
'''


def test_a_declarative_base_and_a_migrations_frozen_tables_are_not_models(
    tmp_path: Path,
) -> None:
    """As in a real app (mealie): the base carries shared columns, and a data migration
    declares its own copy of a table as it was at that revision."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "models.py").write_text(BASE_WITH_COLUMNS)
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "5ab195a474eb_normalize.py").write_text(DATA_MIGRATION)
    index = build_index(tmp_path, use_cache=False)
    (recipe,) = index.models
    assert (recipe.name, recipe.table, recipe.file) == ("Recipe", "recipes", "app/models.py")
    assert [c.name for c in recipe.columns] == ["id", "created_at", "name"]
    assert column(recipe, "id").inherited_from == "AppBase"
    assert [m.revision for m in index.migrations] == ["5ab195a474eb"]


SINGLE_TABLE = """from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Event(Base):
    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column()


class RefundEvent(Event):
    amount: Mapped[int | None] = mapped_column()
"""


def test_a_subclass_without_its_own_table_shares_its_parents(tmp_path: Path) -> None:
    """Single-table inheritance, as in a real app (polar's typed events): no invented
    ``refundevent`` table."""
    (tmp_path / "models.py").write_text(SINGLE_TABLE)
    index = build_index(tmp_path, use_cache=False)
    tables = {m.name: m.table for m in index.models}
    assert tables == {"Event": "events", "RefundEvent": "events"}


def test_a_base_made_by_the_as_declarative_decorator(tmp_path: Path) -> None:
    """``@as_declarative() class Base`` (older templates, Kludex/fastapi-microservices) and a
    registry's ``as_declarative_base()``: their subclasses are tables, the bases are not."""
    (tmp_path / "base.py").write_text(
        "from sqlalchemy.ext.declarative import as_declarative, declared_attr\n"
        "from sqlalchemy.orm import registry\n\n"
        "mapper_registry = registry()\n\n\n"
        "@as_declarative()\n"
        "class Base:\n"
        "    @declared_attr\n"
        "    def __tablename__(cls) -> str:\n"
        "        return cls.__name__.lower()\n\n\n"
        "@mapper_registry.as_declarative_base()\n"
        "class Other:\n"
        "    pass\n"
    )
    (tmp_path / "models.py").write_text(
        "from sqlalchemy import Column, Integer, String\n\n"
        "from base import Base, Other\n\n\n"
        "class Item(Base):\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    title = Column(String)\n\n\n"
        "class Tag(Other):\n"
        "    __tablename__ = 'tags'\n"
        "    id = Column(Integer, primary_key=True)\n"
    )
    index = build_index(tmp_path, use_cache=False)
    assert {(m.name, m.table) for m in index.models} == {("Item", "item"), ("Tag", "tags")}
    assert [c.name for c in by_name(index.models, "Item").columns] == ["id", "title"]


def test_tables_on_a_base_from_outside_the_project(tmp_path: Path) -> None:
    """The declarative base comes from a package the repository does not hold (a shared
    library; pandamy619/fastAPI-template's ``from geo_ai_backend.database import Base``):
    a class naming its ``__tablename__`` and declaring columns is still a table."""
    (tmp_path / "models.py").write_text(
        "from shared_db.base import Base, Entity\n"
        "from sqlalchemy import Column, Integer, String\n"
        "from sqlalchemy.orm import Mapped, mapped_column\n\n\n"
        "class User(Base):\n"
        "    __tablename__ = 'users'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    email = Column(String, unique=True)\n\n\n"
        "class Team(Base):\n"
        "    __tablename__ = 'teams'\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n\n\n"
        "class Shown(Entity):\n"
        "    __tablename__ = 'not_a_table'  # no column: some other framework's class\n"
        "    title: str = 'x'\n"
    )
    index = build_index(tmp_path, use_cache=False)
    assert {(m.name, m.table, m.kind) for m in index.models} == {
        ("User", "users", "sqlalchemy"),
        ("Team", "teams", "sqlalchemy"),
    }
    assert [c.name for c in by_name(index.models, "User").columns] == ["id", "email"]


def test_columns_a_mixin_declares_by_declared_attr(tmp_path: Path) -> None:
    """teamhide/fastapi-boilerplate's TimestampMixin before SQLAlchemy 2: each column is a
    ``@declared_attr`` method returning it. Rewriting it as ``mapped_column`` attributes
    added no column, and the gate must not say it did."""
    (tmp_path / "models.py").write_text(
        "from sqlalchemy import Column, DateTime, ForeignKey, Integer, func\n"
        "from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, relationship\n\n\n"
        "class Base(DeclarativeBase):\n"
        "    pass\n\n\n"
        "class TimestampMixin:\n"
        "    @declared_attr\n"
        "    def created_at(cls):\n"
        "        return Column(DateTime, default=func.now(), nullable=False)\n\n"
        "    @declared_attr\n"
        "    def owner_id(cls) -> Mapped[int]:\n"
        '        """Who made it."""\n'
        "        return Column(ForeignKey('users.id'))\n\n"
        "    @declared_attr\n"
        "    def owner(cls):\n"
        "        return relationship('User')\n\n"
        "    @declared_attr.directive\n"
        "    def __tablename__(cls) -> str:\n"
        "        return cls.__name__.lower()\n\n\n"
        "class Post(Base, TimestampMixin):\n"
        "    id = Column(Integer, primary_key=True)\n"
    )
    index = build_index(tmp_path, use_cache=False)
    post = by_name(index.models, "Post")
    assert [c.name for c in post.columns] == ["created_at", "owner_id", "id"]
    assert column(post, "created_at").nullable is False
    assert column(post, "owner_id").foreign_key == "users.id"
    assert [r.name for r in post.relationships] == ["owner"]


def test_sqlalchemy_core_tables(tmp_path: Path) -> None:
    """zhanymkanov/fastapi_production_template declares its tables with SQLAlchemy Core
    (``auth_user = Table("auth_user", metadata, Column(...), ...)``) and no mapped class."""
    (tmp_path / "database.py").write_text(
        "from sqlalchemy import Column, ForeignKey, Identity, Integer, MetaData, String, Table\n\n"
        "metadata = MetaData()\n\n"
        "auth_user = Table(\n"
        "    'auth_user',\n"
        "    metadata,\n"
        "    Column('id', Integer, Identity(), primary_key=True),\n"
        "    Column('email', String, nullable=False),\n"
        ")\n"
        "refresh_tokens = Table(\n"
        "    'auth_refresh_token',\n"
        "    metadata,\n"
        "    Column('user_id', ForeignKey('auth_user.id', ondelete='CASCADE')),\n"
        ")\n"
        "not_a_table = Table('gone', metadata, autoload_with=None)  # reflected: columns unknown\n"
    )
    index = build_index(tmp_path, use_cache=False)
    assert {(m.name, m.table, m.kind, m.line) for m in index.models} == {
        ("auth_user", "auth_user", "sqlalchemy", 5),
        ("refresh_tokens", "auth_refresh_token", "sqlalchemy", 11),
    }
    user = by_name(index.models, "auth_user")
    assert [c.name for c in user.columns] == ["id", "email"]
    assert column(user, "id").primary_key and column(user, "email").nullable is False
    token = by_name(index.models, "refresh_tokens")
    assert column(token, "user_id").foreign_key == "auth_user.id"
