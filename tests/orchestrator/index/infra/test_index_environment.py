"""Environment variables from dotenv files, every compose file and BaseSettings classes."""

from __future__ import annotations

import pytest

from orchestrator.index import ProjectIndex, build_index
from orchestrator.replies.answer import answer

FILES = {
    ".env.example": (
        "# Signs session cookies.\n"
        "APP_SECRET_KEY=replace-me\n"
        "ACCENT_COLOR=#3366FF\n"
        "MAIL_USER= # leave empty to disable mail\n"
        "LOG_LEVEL=info # debug in development\n"
    ),
    ".env": (
        "APP_SECRET_KEY=s3cr3t-v4lue-n0t-f0r-y0u\n"
        "DATABASE_URL=postgresql://app:hunter2hunter2@localhost/app\n"
        "LOG_LEVEL=debug\n"
        "UPLOAD_SIGNATURE=Zk8pQ2vX9mT4rL7wN1bY6cH3qA5s\n"
    ),
    "frontend/template.env": "VITE_THEME=#E58325\n",
    ".envrc": "export NOT_A_DOTENV=1\n",
    "compose.yml": (
        "services:\n"
        "  api:\n"
        "    image: 'registry.local/api:${TAG-latest}'\n"
        "    environment:\n"
        "      APP_SECRET_KEY: ${APP_SECRET_KEY:?set it in .env}\n"
        "      DATABASE_URL: postgresql://app:${DB_PASSWORD:?}@db/app\n"
        "      # LOG_LEVEL: ${COMMENTED_OUT}\n"
        "      PRICE: $$5\n"
        "  db:\n"
        "    image: postgres:16\n"
        "    environment:\n"
        "      - POSTGRES_PASSWORD=${DB_PASSWORD:?}\n"
        "      - PGDATA\n"
    ),
    "compose.override.yml": (
        "services:\n  api:\n    environment:\n      LOG_LEVEL: debug\n      RELOAD: 'true'\n"
    ),
    "backend/app/settings.py": (
        "import os\n"
        "from pydantic import Field\n"
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
        "from starlette.config import Config\n\n"
        "config = Config('.env')\n\n\n"
        "class MailSettings(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_prefix='mail_')\n"
        "    user: str | None = None\n"
        "    port: int = 587\n\n\n"
        "class Settings(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_file='.env')\n"
        "    app_secret_key: str\n"
        "    database_url: str = Field(validation_alias='DATABASE_URL')\n"
        "    log_level: str = 'info'\n"
        "    workers: int = config('WEB_CONCURRENCY', cast=int, default=2)\n"
        "    sentry: str = config('SENTRY_DSN')\n"
        "    home: str = os.environ['APP_HOME']\n\n\n"
        "class ProductionSettings(Settings):\n"
        "    workers: int = 8\n"
    ),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ProjectIndex:
    root = tmp_path_factory.mktemp("environment")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return build_index(root, use_cache=False)


def places(index: ProjectIndex, name: str) -> list[tuple[str, str, int, str, bool]]:
    return [
        (v.source, v.file, v.line, v.default, v.required) for v in index.env_vars if v.name == name
    ]


def test_every_dotenv_file_is_read_and_a_real_env_keeps_no_secret(index: ProjectIndex) -> None:
    assert places(index, "APP_SECRET_KEY")[:2] == [
        ("env", ".env", 1, "[REDACTED]", False),
        ("env", ".env.example", 2, "replace-me", False),
    ]
    (url,) = [v for v in index.env_vars if v.name == "DATABASE_URL" and v.file == ".env"]
    assert "hunter2" not in url.default and url.default.startswith("postgresql://app:")
    assert not [v for v in index.env_vars if v.name == "NOT_A_DOTENV"]
    assert places(index, "UPLOAD_SIGNATURE") == [("env", ".env", 4, "[REDACTED]", False)]
    # a template, kept as written
    assert places(index, "VITE_THEME") == [("env", "frontend/template.env", 1, "#E58325", False)]


def test_a_comment_is_never_a_value(index: ProjectIndex) -> None:
    example = {v.name: v for v in index.env_vars if v.file == ".env.example"}
    assert (example["MAIL_USER"].default, example["MAIL_USER"].comment) == (
        "",
        "leave empty to disable mail",
    )
    assert example["LOG_LEVEL"].default == "info"
    assert (example["ACCENT_COLOR"].default, example["ACCENT_COLOR"].comment) == ("#3366FF", None)


def test_compose_files_give_entries_and_interpolations(index: ProjectIndex) -> None:
    assert places(index, "TAG") == [("compose", "compose.yml", 3, "latest", False)]
    assert places(index, "DB_PASSWORD") == [
        ("compose", "compose.yml", 6, "", True),
        ("compose", "compose.yml", 12, "", True),
    ]
    # ``NAME: ${NAME:?}`` is one fact, not an entry and an interpolation
    assert [p[:3] for p in places(index, "APP_SECRET_KEY") if p[0] == "compose"] == [
        ("compose", "compose.yml", 5)
    ]
    assert places(index, "LOG_LEVEL")[-2] == ("compose", "compose.override.yml", 4, "debug", False)
    assert places(index, "PGDATA") == [("compose", "compose.yml", 13, "", False)]
    assert not places(index, "COMMENTED_OUT") and not places(index, "5")


def test_settings_fields_name_their_variables(index: ProjectIndex) -> None:
    settings = {v.name: v for v in index.env_vars if v.source == "settings"}
    assert set(settings) == {
        "MAIL_USER", "MAIL_PORT", "APP_SECRET_KEY", "DATABASE_URL", "LOG_LEVEL",
        "WEB_CONCURRENCY", "SENTRY_DSN", "APP_HOME", "WORKERS",
    }  # fmt: skip
    assert (settings["MAIL_PORT"].default, settings["MAIL_PORT"].required) == ("587", False)
    assert settings["MAIL_PORT"].context == "MailSettings"
    inherited = [
        v.context for v in index.env_vars if v.name == "LOG_LEVEL" and v.source == "settings"
    ]
    assert inherited == ["Settings"]  # ProductionSettings inherits it: reported once
    assert [(v.name, v.default) for v in index.env_vars if v.context == "ProductionSettings"] == [
        ("WORKERS", "8")
    ]  # an override without `config(...)` reads its own name
    assert settings["APP_SECRET_KEY"].required and settings["DATABASE_URL"].required
    concurrency = [v for v in index.env_vars if v.name == "WEB_CONCURRENCY"]
    assert [(v.default, v.required) for v in concurrency] == [("2", False)]
    assert settings["SENTRY_DSN"].required and settings["APP_HOME"].required


def test_devops_answer_names_each_variable_once_with_its_files(index: ProjectIndex) -> None:
    reply = answer("devops", "which environment variables?", index)
    names = [v["name"] for v in reply.facts["env_vars"]]
    assert len(names) == len(set(names))
    lines = {line.split(" ")[0]: line for line in reply.text.splitlines()[1:]}
    assert set(lines) == set(names)
    secret = lines["APP_SECRET_KEY"]
    assert secret.startswith("APP_SECRET_KEY (required)")
    for place in (".env:1", ".env.example:2", "compose.yml:5", "backend/app/settings.py:17"):
        assert place in secret
    assert "s3cr3t" not in reply.text and "hunter2" not in reply.text
    assert lines["MAIL_USER"].count("leave empty to disable mail") == 1
    assert "MAIL_USER = " not in lines["MAIL_USER"]  # the comment is not its value
    assert lines["LOG_LEVEL"].startswith("LOG_LEVEL = info")
