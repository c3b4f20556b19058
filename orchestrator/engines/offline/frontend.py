"""vue recipe: TypeScript interfaces and a typed API client, generated from the backend's
pydantic schemas as the index sees them (so the contract check finds no drift)."""

from __future__ import annotations

import re

from orchestrator.engines.offline.context import RecipeContext, render
from orchestrator.engines.offline.layout import LayoutError
from orchestrator.engines.offline.resource import Resource, camel
from orchestrator.index.facts import Schema, SchemaField
from orchestrator.index.python.annotations import admits_none, shape_of

PRIMITIVES = {"string": "string", "number": "number", "boolean": "boolean", "null": "null"}


def add_client(ctx: RecipeContext, resource: Resource) -> None:
    ctx.reindex()  # the fastapi step's schemas and routes were written after the last build
    layout = ctx.layout
    if layout.types is None or layout.api is None:
        raise LayoutError("no frontend `src/types/` and `src/api/` folders were found")
    schemas = [
        s
        for s in ctx.index.schemas
        if s.name.startswith(resource.cls) and _is_resource(s, resource)
    ]
    if not schemas:
        raise LayoutError(
            f"no {resource.cls}* schemas in the index: the fastapi step comes first",
            hint="run the fastapi agent's part of the issue before the vue one",
        )
    known = {s.name for s in ctx.index.schemas}
    interfaces = [_interface(s, known, ctx.index.schemas) for s in schemas]
    ctx.generate(
        f"{layout.types}/{resource.name}.ts",
        render("types.ts.j2", r=resource, interfaces=interfaces),
    )
    api_stem = resource.table if layout.plural_api else resource.name
    has_page_params = any(
        t.name == "PageParams" and t.file.startswith(layout.types) for t in ctx.index.ts_types
    )
    ctx.generate(
        f"{layout.api}/{api_stem}.ts",
        render(
            "client.ts.j2", r=resource, names={s.name for s in schemas}, page_params=has_page_params,
            id_arg=camel(resource.id_param),
        ),
    )  # fmt: skip


def _is_resource(schema: Schema, resource: Resource) -> bool:
    return schema.name[len(resource.cls) :] in ("Create", "Update", "Response", "Page")


def _interface(schema: Schema, known: set[str], schemas: list[Schema]) -> dict[str, object]:
    bindings = _type_args(schema, schemas)
    response = not schema.name.endswith(("Create", "Update"))
    props = []
    for f in schema.fields:
        optional = not f.required and (not response or admits_none(f.type))
        props.append(
            {"name": f.name, "optional": optional, "type": ts_type(_bind(f, bindings), known)}
        )
    return {"name": schema.name, "props": props, "doc": f"Mirrors {schema.name} ({schema.file})."}


def _type_args(schema: Schema, schemas: list[Schema]) -> dict[str, str]:
    """`Page[PostResponse]` as a base binds the generic base's type variable."""
    bindings = {}
    for base in schema.bases:
        match = re.fullmatch(r"(\w+)\[(\w+)\]", base)
        if match:
            bindings[match.group(1)] = match.group(2)
    return bindings


def _bind(f: SchemaField, bindings: dict[str, str]) -> str | None:
    if f.inherited_from in bindings and f.type:
        return re.sub(r"\b[A-Z]\w*T\b", bindings[f.inherited_from], f.type)
    return f.type


def ts_type(annotation: str | None, known: set[str]) -> str:
    return _render(shape_of(annotation), known)


def _render(shape: list, known: set[str]) -> str:
    kind = shape[0]
    if kind in PRIMITIVES:
        return PRIMITIVES[kind]
    if kind == "array":
        inner = _render(shape[1], known)
        return f"({inner})[]" if " " in inner else f"{inner}[]"
    if kind == "record":
        return f"Record<string, {_render(shape[1], known)}>"
    if kind == "union":
        return " | ".join(_render(s, known) for s in shape[1])
    if kind == "lit":
        return (
            repr(shape[1]).replace("'", '"') if isinstance(shape[1], str) else str(shape[1]).lower()
        )
    if kind == "ref":
        return (
            shape[1] if shape[1] in known else "string"
        )  # aliases (UTCDatetime, Email) are strings
    return "unknown"
