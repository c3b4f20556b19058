"""pydantic-settings with `env_nested_delimiter`: a field typed with a model of the
project's reads each of that model's fields from `<FIELD><delimiter><NESTED>`, and the
index names those variables, so a `.env` line and the setting it fills meet."""

from __future__ import annotations

from pathlib import Path

from tests.orchestrator.index.project_tree import index_of

# As minimal-fastapi-postgres-template groups its settings.
CONFIG = """from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Database(BaseModel):
    hostname: str = "postgres"
    password: SecretStr = SecretStr("passwd-change-me")
    port: int = 5432


class Settings(BaseSettings):
    database: Database = Field(default_factory=Database)
    log_level: str = "INFO"

    model_config = SettingsConfigDict(env_prefix="app_", env_nested_delimiter="__")


class Flat(BaseSettings):
    database: Database = Field(default_factory=Database)
"""
FILES = {
    "app/__init__.py": "",
    "app/config.py": CONFIG,
    ".env.example": "APP_DATABASE__PORT=5455\n",
}


def test_nested_fields_are_read_under_the_delimiter(tmp_path: Path) -> None:
    index = index_of(tmp_path, FILES)
    settings = {
        (v.name, v.default, v.line, v.context) for v in index.env_vars if v.source == "settings"
    }
    assert settings == {
        ("APP_DATABASE", "Database()", 12, "Settings"),
        ("APP_DATABASE__HOSTNAME", "postgres", 6, "Settings"),
        ("APP_DATABASE__PASSWORD", 'SecretStr("passwd-change-me")', 7, "Settings"),
        ("APP_DATABASE__PORT", "5432", 8, "Settings"),
        ("APP_LOG_LEVEL", "INFO", 13, "Settings"),
        ("DATABASE", "Database()", 19, "Flat"),  # no delimiter
    }
    (port,) = [
        v for v in index.env_vars if v.name == "APP_DATABASE__PORT" and v.source == "settings"
    ]
    assert port.comment == "Settings.database.port: int"
