"""GitHub API objects for the loopback fake, built from githubkit's own models.

    build(models.Issue, number=45, title="…") -> dict      every required field filled
    build(models.Issue, like=recorded("issue"), …)         … on a body GitHub really sent
    check(models.Issue, body) -> list[str]                 what githubkit would refuse

`build` walks the model's required fields (GitHub's OpenAPI description, as githubkit
generates it), fills each with a value of its type, and lays the given values over them;
then `check` validates the result with the same model the client parses with. A field
GitHub adds to a response therefore reaches the fake on the next githubkit-schemas
release, and a response the fake gets wrong fails the test that asked for it.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from pathlib import Path
from typing import Any

from githubkit.compat import type_validate_python
from githubkit_schemas.latest import models  # noqa: F401 - the models the routes name
from pydantic import BaseModel, ValidationError

NOW = "2026-11-16T09:00:00Z"
RECORDED = Path(__file__).parents[1] / "fixtures" / "github"


def recorded(name: str) -> dict[str, Any]:
    """The body of a response GitHub really sent (tests/fixtures/github/SOURCE.md)."""
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))["body"]


def build(
    model: type[BaseModel], like: dict[str, Any] | None = None, **values: Any
) -> dict[str, Any]:
    """A JSON object of `model` with every required field, `values` laid over it; `like`,
    a recorded body, gives every field GitHub sends (fields the description added since
    the recording come from the model)."""
    return _merge(_merge(_required(model), like or {}), values)


def check(model: Any, body: Any) -> list[str]:
    """githubkit's complaints about `body` as `model` (empty: it parses)."""
    try:
        type_validate_python(model, body)
    except ValidationError as exc:
        return [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5]]
    return []


def _required(model: type[BaseModel]) -> dict[str, Any]:
    return {
        info.alias or name: _value_of(info.annotation, name)
        for name, info in model.model_fields.items()
        if info.is_required()
    }


def _value_of(annotation: Any, name: str) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _value_of(args[0], name)
    if origin in (typing.Union, types.UnionType):
        if type(None) in args:
            return None  # a nullable required field: GitHub sends null
        return _value_of(args[0], name)
    if origin is typing.Literal:
        return args[0]
    if origin is list:
        return []
    if origin is dict:
        return {}
    return _scalar(annotation, name)


def _scalar(annotation: Any, name: str) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _required(annotation)
    if annotation is bool:
        return False
    if annotation is int:
        return 1
    if annotation is float:
        return 0.0
    if annotation is dt.datetime:
        return NOW
    if annotation is dt.date:
        return NOW[:10]
    if name.endswith("url"):
        return f"https://github.example/{name}"
    return name if annotation in (str, Any) else {}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
