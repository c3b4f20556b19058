"""The tools an agent may call, as the model sees them: one pydantic model per tool (its
input schema and, in its docstring, its description), which tools each mode grants, and
the Messages-API tool definitions built from them. `tools.Toolbox` runs the calls."""

from __future__ import annotations

import inspect
import types
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field

from agents.spec import Mode

if TYPE_CHECKING:
    from orchestrator.engines.offline.recipes import Recipe


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReadFile(_Input):
    """Read a file of the repository, optionally only lines start..end (1-based, inclusive)."""

    path: str
    start: int | None = Field(default=None, ge=1)
    end: int | None = Field(default=None, ge=1)


class ListFiles(_Input):
    """List repository files matching a glob such as `backend/app/**/*.py`."""

    pattern: str = "**/*"


class SearchCode(_Input):
    """Search files (glob) for a Python regular expression; returns path:line: text."""

    regex: str
    glob: str = "**/*"


class QueryIndex(_Input):
    """Facts from the static project index (built from the code, never run), as JSON.

    `section`: routes (method, full path, handler, parameters, request and response
    models, auth), models (table, columns, relationships), schemas (Pydantic fields),
    ts_types (TypeScript interfaces and aliases), services (docker-compose), env_vars
    (.env.example), migrations (Alembic revisions and head), contracts (drift between
    schemas and TypeScript types). `about`: words keeping only the facts about them
    (`user`), or `METHOD /path` for one route; empty for the whole section."""

    section: Literal[
        "routes", "models", "schemas", "ts_types", "services", "env_vars", "migrations", "contracts"
    ]
    about: str = ""


class AskAgent(_Input):
    """Ask another agent a question (read-only CONSULT); returns its answer."""

    agent: str
    question: str


class WriteFile(_Input):
    """Write a whole file (only inside the paths you own)."""

    path: str
    content: str


class EditFile(_Input):
    """Replace `old` by `new` in a file; `old` must occur exactly once."""

    path: str
    old: str = Field(min_length=1)
    new: str


class RunRecipe(_Input):
    """Run one of your deterministic recipes: it writes the boilerplate for you (no tokens)
    and returns the files it changed; read them afterwards and adapt what you need."""

    name: str
    params: dict[str, Any] = Field(default_factory=dict)


class RunTests(_Input):
    """Run the project's test command; returns the exit code and the end of the output."""


class RunCommand(_Input):
    """Run an allowed command (argv list, no shell) from the repository root."""

    argv: list[str] = Field(min_length=1)


class Finish(_Input):
    """Say you are done, with a short summary of what you changed."""

    summary: str


class RequestChange(_Input):
    """Ask the agent that owns a path to make a change you may not make yourself."""

    agent: str
    description: str


READ_TOOLS: dict[str, type[_Input]] = {
    "read_file": ReadFile,
    "list_files": ListFiles,
    "search_code": SearchCode,
    "query_index": QueryIndex,
    "ask_agent": AskAgent,
}
WRITE_TOOLS: dict[str, type[_Input]] = {
    "write_file": WriteFile,
    "edit_file": EditFile,
    "run_recipe": RunRecipe,
    "run_tests": RunTests,
    "run_command": RunCommand,
    "finish": Finish,
}


# Granted whatever an agent file's `tools:` line says: reading the index, asking another
# agent, finishing and handing work to a file's owner change no file.
ALWAYS_GRANTED = frozenset(("query_index", "ask_agent", "finish", "request_change"))


def tools_for(mode: Mode, granted: frozenset[str] | None = None) -> dict[str, type[_Input]]:
    """The mode's tools; with `granted` (an agent file's `tools:`), only those it grants."""
    tools = dict(READ_TOOLS)
    if mode != "CONSULT":
        tools |= WRITE_TOOLS
    if mode == "EXECUTE":
        tools["request_change"] = RequestChange
    if granted is not None:
        tools = {n: s for n, s in tools.items() if n in granted or n in ALWAYS_GRANTED}
    return tools


def tool_specs(
    mode: Mode, agent: str | None = None, granted: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """Messages-API tool definitions; the last carries the cache breakpoint.

    With `agent`, `run_recipe` lists only that agent's recipes (and is left out when it
    has none); without it, every recipe is listed with the agent it belongs to.
    """
    specs = []
    for name, schema in tools_for(mode, granted).items():
        description = inspect.cleandoc(schema.__doc__ or name)
        if name == "run_recipe":
            recipes = recipes_of(agent)
            if not recipes:
                continue
            description = _recipe_tool_description(description, recipes, agent)
        specs.append(
            {"name": name, "description": description, "input_schema": schema.model_json_schema()}
        )
    specs[-1]["cache_control"] = {"type": "ephemeral"}
    return specs


def recipes_of(agent: str | None) -> list[Recipe]:
    from orchestrator.engines.offline import RECIPES  # deferred: the offline engine is optional

    return [r for r in RECIPES.values() if agent is None or r.agent == agent]


def _recipe_tool_description(intro: str, recipes: list[Recipe], agent: str | None) -> str:
    lines = [intro, ""]
    if agent is None:
        lines.append("Recipes (you may run only those of your own agent):")
    else:
        lines.append("Your recipes:")
    for r in recipes:
        owner = f" [agent {r.agent}]" if agent is None else ""
        lines.append(f"- {r.name}{owner}: {r.description} params: {describe_params(r.params)}")
    return "\n".join(lines)


def describe_params(model: type[BaseModel]) -> str:
    """`{name: type = default (description), ...}` for a recipe's parameter model."""
    parts = []
    for name, info in model.model_fields.items():
        text = f"{name}: {_type_name(info.annotation)}"
        if not info.is_required():
            text += f" = {info.get_default(call_default_factory=True)!r}"
        if info.description:
            text += f" ({info.description})"
        parts.append(text)
    return "{" + ", ".join(parts) + "}"


def _type_name(annotation: Any) -> str:
    origin, args = get_origin(annotation), get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return describe_params(annotation)
    if origin is Literal:
        return " | ".join(repr(a) for a in args)
    if origin in (Union, types.UnionType):
        return " | ".join(_type_name(a) for a in args)
    if origin is list:
        return f"list[{_type_name(args[0]) if args else 'any'}]"
    if annotation is type(None):
        return "null"
    return getattr(annotation, "__name__", str(annotation))
