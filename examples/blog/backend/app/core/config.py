"""Application settings, read once from the environment.

| variable                  | default                              |
|---------------------------|--------------------------------------|
| DATABASE_URL              | sqlite+aiosqlite:///./blog.db        |
| SECRET_KEY                | random per process (dev only)        |
| CORS_ORIGINS              | http://localhost:5173 (comma list)   |
| ACCESS_TOKEN_TTL_MINUTES  | 60                                   |
| PASSWORD_HASH_ITERATIONS  | 600000                               |
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

logger = logging.getLogger(__name__)


class Settings(BaseModel):
    """Typed, immutable configuration. Build it with `Settings.from_env()`."""

    model_config = ConfigDict(frozen=True)

    app_name: str = "Blog API"
    api_prefix: str = "/api/v1"
    database_url: str = "sqlite+aiosqlite:///./blog.db"
    secret_key: str = Field(min_length=16, repr=False)
    access_token_ttl_minutes: int = Field(default=60, ge=1)
    password_hash_iterations: int = Field(default=600_000, ge=1)
    cors_origins: list[str] = ["http://localhost:5173"]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Read settings from environment variables; unset ones keep their defaults."""
        values: dict[str, object] = {"secret_key": _secret_key_from(environ)}
        for field_name in ("database_url", "access_token_ttl_minutes", "password_hash_iterations"):
            raw = environ.get(field_name.upper())
            if raw:
                values[field_name] = raw
        origins = environ.get("CORS_ORIGINS")
        if origins is not None:
            values["cors_origins"] = [o.strip() for o in origins.split(",") if o.strip()]
        return cls.model_validate(values)


def _secret_key_from(environ: Mapping[str, str]) -> str:
    """SECRET_KEY from the environment, or a throwaway key for local development."""
    configured = environ.get("SECRET_KEY", "")
    if configured:
        return configured
    logger.warning("SECRET_KEY is not set: using a random key; tokens end with the process")
    return secrets.token_urlsafe(32)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests call `get_settings.cache_clear()`)."""
    return Settings.from_env()
