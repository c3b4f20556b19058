"""Alembic: the migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.models import Base

BACKEND_DIR = Path(__file__).resolve().parents[1]


def alembic_config(db_path: Path) -> Config:
    """Alembic config for the project, pointed at a throwaway SQLite file."""
    config = Config(str(BACKEND_DIR / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", f"sqlite+aiosqlite:///{db_path}")
    return config


def test_upgrade_head_creates_users_table(tmp_path: Path) -> None:
    db_path = tmp_path / "migrated.db"
    command.upgrade(alembic_config(db_path), "head")

    engine = create_engine(f"sqlite:///{db_path}")
    try:
        inspector = inspect(engine)
        assert {"users", "alembic_version"} <= set(inspector.get_table_names())
        columns = {c["name"] for c in inspector.get_columns("users")}
        # The exact shape is checked against the models just below.
        assert columns >= {
            "id",
            "email",
            "hashed_password",
            "full_name",
            "is_active",
            "created_at",
            "updated_at",
        }
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
    finally:
        engine.dispose()


def test_downgrade_base_drops_everything(tmp_path: Path) -> None:
    config = alembic_config(tmp_path / "migrated.db")
    command.upgrade(config, "head")
    command.downgrade(config, "base")

    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    try:
        assert inspect(engine).get_table_names() == ["alembic_version"]
    finally:
        engine.dispose()
