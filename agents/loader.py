"""Reading agent files: YAML frontmatter between `---` lines, then a Markdown body."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from agents.errors import AgentSpecError
from agents.spec import NOT_FRONTMATTER, AgentSpec, ClaudeSubagentSpec
from project_state.input_problems import describe_errors
from project_state.nesting import load_yaml, yaml_problem_place

FENCE = "---"
SpecT = TypeVar("SpecT", bound=BaseModel)


def load_agent(path: Path) -> AgentSpec:
    """Parse a stackcrew agent file."""
    meta, body = _split(path)
    spec = _validate(AgentSpec, {k: v for k, v in meta.items() if k not in NOT_FRONTMATTER}, path)
    inner = sorted(set(meta) & set(NOT_FRONTMATTER))
    if inner:
        raise AgentSpecError(
            f"{path}: invalid frontmatter: {', '.join(inner)}: not a frontmatter key",
            hint=f"allowed keys: {_frontmatter_keys(AgentSpec)}",
        )
    return spec.model_copy(update={"body": body, "source": str(path)})


def load_claude_subagent(path: Path) -> AgentSpec:
    """Parse a Claude Code subagent file into an agent that owns nothing yet."""
    meta, body = _split(path)
    return _validate(ClaudeSubagentSpec, meta, path).to_agent(body, str(path))


def _split(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AgentSpecError(f"{path}: cannot read agent file ({exc})") from exc
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise AgentSpecError(
            f"{path}:1: an agent file must start with a '---' line opening YAML frontmatter",
            hint="put name, description, owns, ... between two '---' lines at the top",
        )
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == FENCE), None)
    if end is None:
        raise AgentSpecError(f"{path}: the frontmatter is never closed by a '---' line")
    meta = _parse_yaml("".join(lines[1:end]), path)
    return meta, "".join(lines[end + 1 :]).lstrip("\n")


def _parse_yaml(text: str, path: Path) -> dict[str, Any]:
    try:
        meta = load_yaml(text)
    except yaml.YAMLError as exc:
        place = yaml_problem_place(exc)  # the frontmatter starts on the file's second line
        where = f"{path}:{place[0] + 1}:{place[1]}" if place else str(path)
        raise AgentSpecError(f"{where}: invalid YAML in frontmatter: {exc}") from exc
    if not isinstance(meta, dict):
        raise AgentSpecError(f"{path}: frontmatter must be a mapping of keys to values")
    return meta


def _validate(model: type[SpecT], meta: dict[str, Any], path: Path) -> SpecT:
    try:
        return model.model_validate(meta)
    except ValidationError as exc:
        raise AgentSpecError(
            f"{path}: invalid frontmatter: {describe_errors(exc)}",
            hint=f"allowed keys: {_frontmatter_keys(model)}",
        ) from exc


def _frontmatter_keys(model: type[BaseModel]) -> str:
    return ", ".join(f for f in model.model_fields if f not in NOT_FRONTMATTER)
