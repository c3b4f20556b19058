"""One tool, written once as a function: its signature and docstring are the whole tool.

`Tool.of(function)` reads the parameters after `ctx: ToolContext` and builds from them both
the pydantic model that validates the model's input (extra="forbid") and the Messages-API
definition (name, description, input_schema), as pydantic-ai does. Constraints ride on the
annotation: `Annotated[int | None, Field(ge=1)] = None`, `Literal["a", "b"]`,
`Annotated[dict[str, Any], Field(default_factory=dict)]`. The docstring is the description
the model reads.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from orchestrator.engines.model.errors import ToolError
from orchestrator.engines.model.tools.context import ToolContext

ToolFunction = Callable[..., str]
# The description for one agent, from the docstring's; None leaves the tool out for it.
Describe = Callable[[str, str | None], str | None]
FORBID_EXTRA = ConfigDict(extra="forbid")
FIELD_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


@dataclass(frozen=True)
class Tool:
    """A tool function with the input model and description derived from it."""

    name: str
    description: str
    input_model: type[BaseModel]
    function: ToolFunction
    describe: Describe | None = None

    @classmethod
    def of(cls, function: ToolFunction, *, describe: Describe | None = None) -> Tool:
        name = function.__name__
        description = inspect.cleandoc(function.__doc__ or "")
        if not description:
            raise TypeError(f"tool {name} needs a docstring: it is what the model reads")
        return cls(name, description, input_model_of(function, description), function, describe)

    def definition(self, agent: str | None = None) -> dict[str, Any] | None:
        """The Messages-API tool definition; None when the tool offers `agent` nothing."""
        description = self.description
        if self.describe is not None:
            description = self.describe(description, agent)
            if description is None:
                return None
        schema = self.input_model.model_json_schema()
        return {"name": self.name, "description": description, "input_schema": schema}

    def call(self, ctx: ToolContext, raw: Any) -> str:
        """Run the tool on the model's input; input it cannot take is a `ToolError`."""
        if not isinstance(raw, dict):
            raise ToolError(f"the input for {self.name} must be a JSON object, got {raw!r:.80}")
        try:
            args = self.input_model.model_validate(raw)
        except ValidationError as exc:
            raise ToolError(f"invalid input for {self.name}: {problems(exc)}") from None
        return self.function(ctx, **dict(args))


def input_model_of(function: ToolFunction, description: str) -> type[BaseModel]:
    """The pydantic model of a tool's parameters (all but the leading `ctx: ToolContext`)."""
    name = function.__name__
    hints = get_type_hints(function, include_extras=True)
    params = list(inspect.signature(function).parameters.values())
    if not params or hints.get(params[0].name) is not ToolContext:
        raise TypeError(f"tool {name}: the first parameter must be `ctx: ToolContext`")
    fields: dict[str, Any] = {}
    for p in params[1:]:
        if p.kind not in FIELD_KINDS or p.name not in hints:
            raise TypeError(f"tool {name}: parameter {p.name!r} needs a type (and no * or **)")
        # Without a Python default, a `Field(default_factory=...)` may still make it optional.
        fields[p.name] = hints[p.name] if p.default is p.empty else (hints[p.name], p.default)
    # The title keeps the class-style name (`read_file` -> `ReadFile`) schemas always had.
    title = "".join(part.capitalize() for part in name.split("_"))
    return create_model(title, __config__=FORBID_EXTRA, __doc__=description, **fields)


def problems(exc: ValidationError) -> str:
    """`loc: message; ...` for the model to act on (no URLs, no input echo)."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}"
        for e in exc.errors(include_url=False)
    )
