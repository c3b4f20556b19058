"""run_recipe: an agent runs one of its own deterministic offline recipes as a tool.

A recipe writes boilerplate at no token cost. The tool's description lists the recipes of
the agent it is offered to (with their parameters), and the tool is left out for an agent
that has none.
"""

from __future__ import annotations

import types
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, ValidationError

from orchestrator.engines.model.errors import ToolError
from orchestrator.engines.model.tools.context import ToolContext
from orchestrator.engines.model.tools.definition import problems
from project_state.errors import StackcrewError

if TYPE_CHECKING:
    from orchestrator.engines.offline.recipes import Recipe


def run_recipe(
    ctx: ToolContext,
    name: str,
    params: Annotated[dict[str, Any], Field(default_factory=dict)],  # optional: {} when left out
) -> str:
    """Run one of your deterministic recipes: it writes the boilerplate for you (no tokens)
    and returns the files it changed; read them afterwards and adapt what you need."""
    from orchestrator.engines.offline import run_recipe as run_offline  # lazy: optional
    from orchestrator.index import build_index

    recipe = _own_recipe(ctx, name)
    try:
        recipe.params.model_validate(params)
    except ValidationError as exc:
        raise ToolError(
            f"invalid params for {name}: {problems(exc)}; expected {describe_params(recipe.params)}"
        ) from None
    before = len(ctx.workspace.written)
    try:
        files = run_offline(name, params, ctx.workspace, build_index(ctx.workspace.root))
    except StackcrewError as exc:
        written = ctx.workspace.written[before:]
        partial = f"; it had already written {', '.join(written)}" if written else ""
        hint = f" ({exc.hint})" if exc.hint else ""
        raise ToolError(f"recipe {name} stopped: {exc.message}{hint}{partial}") from None
    if not files:
        return f"{name}: nothing to change (everything it generates is already there)"
    return f"{name} changed {len(files)} files:\n" + "\n".join(files)


def _own_recipe(ctx: ToolContext, name: str) -> Recipe:
    """The recipe `name` if it is this agent's; else an error naming the ones it has."""
    from orchestrator.engines.offline import RECIPES  # lazy: Jinja2 loads only when this runs

    agent = ctx.workspace.agent
    mine = ", ".join(r.name for r in recipes_of(agent)) or "none"
    recipe = RECIPES.get(name)
    if recipe is None:
        raise ToolError(f"unknown recipe {name!r}; your recipes: {mine}")
    if recipe.agent != agent:
        ask = (
            f"; call request_change(agent={recipe.agent!r}, description=...) to ask for it"
            if ctx.mode == "EXECUTE"
            else ""
        )
        raise ToolError(
            f"recipe {name!r} belongs to agent {recipe.agent!r}, not to {agent!r}{ask}; "
            f"your recipes: {mine}"
        )
    return recipe


def recipes_of(agent: str | None) -> list[Recipe]:
    from orchestrator.engines.offline import RECIPES  # lazy: the offline engine is optional

    return [r for r in RECIPES.values() if agent is None or r.agent == agent]


def describe_recipes(intro: str, agent: str | None) -> str | None:
    """run_recipe's description for `agent` (every recipe without one); None if it has none."""
    recipes = recipes_of(agent)
    if not recipes:
        return None
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
