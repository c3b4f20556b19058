"""The project's `stackcrew.yaml`: optional, strict, and explained when wrong."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import Field, ValidationError

from orchestrator.config.review import ReviewSettings
from orchestrator.errors import ConfigError
from orchestrator.repo_paths import CONFIG_FILE
from project_state.input_problems import describe_error, first_error
from project_state.nesting import load_yaml, yaml_position, yaml_problem_place
from project_state.strict_model import StrictModel

if TYPE_CHECKING:
    from agents.ownership import Rule

__all__ = ["CONFIG_FILE", "Config", "load_config"]


class OwnershipOverride(StrictModel):
    pattern: str = Field(min_length=1)
    agent: str


class Limits(StrictModel):
    max_turns: int = Field(default=40, ge=1)
    max_cost_usd: float = Field(default=2.0, gt=0)
    max_seconds: int = Field(default=900, ge=1)
    # The longest one `search_code` call may run before its worker is stopped.
    search_seconds: float = Field(default=10.0, gt=0, le=600)


class Config(StrictModel):
    """Everything has a default: a repository without the file works as is."""

    version: Literal[1] = 1
    project: str | None = None
    agents_dir: str = ".stackcrew/agents"
    ownership: list[OwnershipOverride] = Field(default_factory=list)
    test_command: list[str] = Field(default_factory=lambda: ["python", "-m", "pytest", "-q"])
    test_workdir: str = "."
    test_timeout_seconds: int = Field(default=600, ge=1)
    allowed_commands: list[list[str]] = Field(default_factory=list)
    engine: Literal["auto", "offline", "model"] = "auto"
    model: str = "claude-sonnet-4-6"
    base_url: str | None = None
    agent_models: dict[str, str] = Field(default_factory=dict)
    # `sonnet: claude-sonnet-4-6`; adds to the built-in ones
    model_aliases: dict[str, str] = Field(default_factory=dict)
    contracts: dict[str, str] = Field(default_factory=dict)
    limits: Limits = Limits()
    review: ReviewSettings = ReviewSettings()
    # Where issues and pull requests live: `local` (project_state/, offline) or `github`,
    # in the repository `repo` (owner/name; default: the one the `origin` remote names).
    tracker: Literal["local", "github"] = "local"
    repo: str | None = Field(default=None, pattern=r"^[\w.-]+/[\w.-]+$")

    def ownership_rules(self) -> list[Rule]:
        from agents.ownership import Rule  # lazy: its pathspec costs state commands start-up

        return [
            Rule(o.pattern, o.agent, f"{CONFIG_FILE} ownership[{i}]")
            for i, o in enumerate(self.ownership)
        ]


def load_config(repo_root: Path) -> Config:
    path = repo_root / CONFIG_FILE
    if not path.exists():
        return Config()
    return config_from_text(_read(path), path)


def config_from_text(text: str, path: Path) -> Config:
    """The config `text` holds; `path` names it in errors (a file, or `BASE:stackcrew.yaml`)."""
    data = _parse(text, path)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = first_error(exc)
        raise ConfigError(
            f"{path.name}:{_locate(text, err['loc'])}: {describe_error(err)}",
            hint=f"valid top-level keys: {', '.join(Config.model_fields)}",
        ) from exc


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config ({exc})") from exc


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        line, column = yaml_problem_place(exc) or (1, 1)
        where = f"{line}:{column}"
        raise ConfigError(f"{path.name}:{where}: invalid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}:1:1: the config must be a mapping of keys to values")
    return data


def _locate(text: str, loc: tuple[Any, ...]) -> str:
    """Line:column of the value at `loc` (or of its nearest existing parent)."""
    line, column = yaml_position(text, loc)
    return f"{line}:{column}"
