"""A setting whose default is a set is shown as written: a set's printed order changes
from one process to the next (string hashing is salted), so its value would make every
index of the same code differ, and the cache written from it with it."""

from __future__ import annotations

from pathlib import Path

from tests.orchestrator.index.project_tree import index_of

CONFIG = """from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    ALLOWED_HOSTS: set[str] = {"127.0.0.1:3000", "localhost:3000", "example.test"}
    CORS_ORIGINS: list[str] = ["http://localhost:5173"]
"""


def test_a_set_default_is_its_source_text(tmp_path: Path) -> None:
    index = index_of(tmp_path, {"app/__init__.py": "", "app/config.py": CONFIG})
    defaults = {v.name: v.default for v in index.env_vars if v.source == "settings"}
    assert defaults["ALLOWED_HOSTS"] == '{"127.0.0.1:3000", "localhost:3000", "example.test"}'
    assert defaults["CORS_ORIGINS"] == "['http://localhost:5173']"
