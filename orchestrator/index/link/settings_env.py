"""The environment variables pydantic ``BaseSettings`` classes read, with their defaults.

pydantic-settings reads each field from the variable named ``env_prefix`` + the field's
name (case-insensitive unless ``case_sensitive=True``, so it is reported upper-case), or
from its ``alias``/``validation_alias`` when one is given. A field whose value reads the
environment itself names its variable: Starlette's ``config("NAME", default=...)``,
``os.getenv("NAME", default)``, ``os.environ.get("NAME")`` or ``os.environ["NAME"]``.
A field is required when it has no default, or when ``config("NAME")`` gives none.
A field a subclass inherits is reported once, where it is written. With
``env_nested_delimiter``, a field typed with one of the project's models also reads each
of that model's fields from ``<field><delimiter><nested field>`` (``DATABASE__PORT``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from orchestrator.index.facts import EnvVar
from orchestrator.index.link.model_fields import schema_field
from orchestrator.index.python.annotations import literal
from orchestrator.index.python.module_facts import Attr

if TYPE_CHECKING:
    from orchestrator.index.link.classes import ClassLinker
    from orchestrator.index.link.resolve import Symbol

_READERS = frozenset({"config", "getenv", "get", "env"})
_ENVIRON_ITEM = re.compile(r"^(?:os\.)?environ\[\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']\s*\]$")


def settings_variables(classes: ClassLinker) -> list[EnvVar]:
    found: dict[tuple[str, str, int], EnvVar] = {}
    for symbol in classes.classes:
        if classes.family(symbol) != "settings":
            continue
        config = classes.config(symbol)
        prefix = _text(config.get("env_prefix"))
        exact = config.get("case_sensitive") == "True"
        delimiter = _text(config.get("env_nested_delimiter"))
        for owned in classes.attrs(symbol).values():
            variable = _variable(owned.attr, owned.owner, owned.file, prefix, exact)
            if variable is None:
                continue
            found.setdefault((variable.name, variable.file, variable.line), variable)
            if delimiter and owned.attr.annotation:
                path = f"{owned.owner}.{owned.attr.name}"
                nested = _nested(
                    classes, symbol, owned.attr.annotation, variable.name + delimiter, exact
                )
                for inner in nested:
                    inner.comment, inner.context = f"{path}.{inner.comment}", owned.owner
                    found.setdefault((inner.name, inner.file, inner.line), inner)
    return list(found.values())


def _nested(
    classes: ClassLinker, symbol: Symbol, annotation: str, prefix: str, exact: bool
) -> list[EnvVar]:
    """The variables a nested model's fields are read from, `prefix` before each name."""
    model = classes.resolver.resolve(symbol.module, annotation)
    if model not in classes.classes or classes.family(model) != "pydantic":
        return []
    found = []
    for owned in classes.attrs(model).values():
        variable = _variable(owned.attr, owned.owner, owned.file, prefix, exact)
        if variable is not None:
            variable.comment = (variable.comment or "").removeprefix(f"{owned.owner}.")
            found.append(variable)
    return found


def _variable(attr: Attr, owner: str, file: str, prefix: str, exact: bool) -> EnvVar | None:
    field = schema_field(attr, owner, file, owner)
    if field is None:
        return None
    read = _read_from_environment(attr)
    if read is not None:
        name, default, required = read
    else:
        alias = _text(attr.kwargs.get("validation_alias") or attr.kwargs.get("alias"))
        name = alias or (prefix + field.name if exact else (prefix + field.name).upper())
        required = field.required
        default = "" if field.default is None else _shown(field.default)
    comment = f"{owner}.{field.name}: {field.type}"
    return EnvVar(name, default, comment, file, field.line, "settings", required, owner)


def _read_from_environment(attr: Attr) -> tuple[str, str, bool] | None:
    """``config("NAME", default=1)`` and the like: (name, default, required)."""
    subscript = _ENVIRON_ITEM.search(attr.value or "") if attr.call is None else None
    if subscript is not None:
        return subscript.group(1), "", True
    if attr.call not in _READERS or attr.first_str is None:
        return None
    value = attr.value or ""
    if attr.call == "get" and "environ" not in value:
        return None
    default = attr.kwargs.get("default", attr.args[1] if len(attr.args) > 1 else None)
    if default is None:
        return attr.first_str, "", attr.call == "config"
    return attr.first_str, _shown(default), False


def _shown(default: str) -> str:
    """A literal as its value (``"/api"`` -> ``/api``), anything else as written; a set
    too, whose printed order would change from one process to the next."""
    value = literal(default)
    if isinstance(value, (set, frozenset)):
        return default
    return "" if value is None else str(value)


def _text(source: str | None) -> str:
    value = literal(source)
    return value if isinstance(value, str) and source != value else ""
