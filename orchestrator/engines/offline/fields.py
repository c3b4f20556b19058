"""`field` recipes: a new column carried from the model and a revision (database), through
the schemas (fastapi), to the TypeScript interfaces (vue). Each edit is an insertion that
happens only when the field is missing."""

from __future__ import annotations

import re

from orchestrator.engines.offline.context import RecipeContext, render
from orchestrator.engines.offline.database import revision_slot
from orchestrator.engines.offline.frontend import ts_type
from orchestrator.engines.offline.generated import split_header
from orchestrator.engines.offline.insertion import (
    add_constructor_keywords,
    add_import,
    insert_in_block,
)
from orchestrator.engines.offline.layout import RECIPE_ORMS, LayoutError
from orchestrator.engines.offline.resource import SA_TYPES, Column, Resource
from orchestrator.index.facts import Model, Schema
from orchestrator.index.python.annotations import admits_none


def add_column(ctx: RecipeContext, resource: Resource) -> None:
    model = _model(ctx, resource)
    if model.kind not in RECIPE_ORMS:
        raise LayoutError(
            f"{model.name} is a Tortoise ORM table ({model.file}); the field recipe writes "
            "SQLAlchemy `mapped_column`s",
            hint="add the field by hand, or let a model-backed engine do it",
        )
    if model.kind == "sqlmodel":
        raise LayoutError(
            f"{model.name} is a SQLModel table ({model.file}); the field recipe writes "
            "SQLAlchemy `mapped_column`s and does not add SQLModel fields yet",
            hint="add the field and its revision by hand, or let a model-backed engine do it",
        )
    new = [c for c in resource.columns if c.name not in {col.name for col in model.columns}]
    dataclass = ctx.layout.stack.dataclasses
    required = [c.name for c in new if not c.optional]
    if dataclass and required:
        raise LayoutError(
            f"{model.name} is mapped as a dataclass (its base uses `MappedAsDataclass`), where "
            f"a field without a default ({', '.join(required)}) cannot follow the fields that "
            "have one; the field recipe does not reorder a class",
            hint="give the field a default or make it optional, add it by hand, or let a "
            "model-backed engine do it",
        )
    if new:
        ctx.change(
            model.file,
            lambda text: _with_columns(_unheadered(text), model.name, new, dataclass=dataclass),
        )
    _add_field_revision(ctx, model, resource)


def _with_columns(text: str, cls: str, new: list[Column], *, dataclass: bool) -> str:
    """The model class `cls` with a `mapped_column` for each of `new`, and their imports."""
    lines = [
        f"    {c.name}: Mapped[{c.annotation}] = mapped_column({c.model_args(dataclass=dataclass)})"
        for c in new
    ]
    text = insert_in_block(text, f"class {cls}(", lines)
    for name in _sa_names(new):
        text = add_import(text, "sqlalchemy", name)
    for name in sorted({c.spec.type for c in new if c.spec.type in ("date", "datetime")}):
        text = add_import(text, "datetime", name)
    return text


def add_schema_fields(ctx: RecipeContext, resource: Resource) -> None:
    schemas = {s.name: s for s in ctx.index.schemas if s.name.startswith(resource.cls)}
    base = schemas.get(f"{resource.cls}Base")
    for column in resource.columns:
        via_base = base is not None and not column.sensitive and not _has(base, column.name)
        if via_base and base is not None:
            _insert_field(ctx, base, column.create_line())
        for suffix, line in _schema_lines(column):
            schema = schemas.get(resource.cls + suffix)
            inherited = (
                via_base and base is not None and base.name in schema.bases if schema else False
            )
            if schema is not None and not inherited and not _has(schema, column.name):
                _insert_field(ctx, schema, line)
    _carry_into_constructors(ctx, resource)


def _carry_into_constructors(ctx: RecipeContext, resource: Resource) -> None:
    """The agent's hand-written ``User(email=data.email, …)`` calls get the new fields
    too: otherwise the API accepts a field that is never saved. Fields that look secret
    (a password is hashed, never copied) are left to a person."""
    names = [c.name for c in resource.columns if not c.sensitive]
    workspace = ctx.workspace
    for path in workspace.list_files("**/*.py"):
        if workspace.ownership.owner_of(path) != workspace.agent:
            continue
        text = ctx.read(path)
        if f"{resource.cls}(" in text:
            edited = add_constructor_keywords(text, resource.cls, names)
            if edited != text:
                ctx.edit(path, _unheadered(edited))


def add_ts_fields(ctx: RecipeContext, resource: Resource) -> None:
    ctx.reindex()
    known = {s.name for s in ctx.index.schemas}
    types = {t.name: t for t in ctx.index.ts_types}
    for schema in [s for s in ctx.index.schemas if s.name.startswith(resource.cls)]:
        ts = types.get(schema.name)
        if ts is None:
            continue
        have = {p.name for p in ts.properties}
        response = not schema.name.endswith(("Create", "Update"))
        lines = [
            f"  {f.name}{'?' if not f.required and (not response or admits_none(f.type)) else ''}: "
            f"{ts_type(f.type, known)};"
            for f in schema.fields
            if f.name in {c.name for c in resource.columns} and f.name not in have
        ]
        if lines:
            text = _unheadered(ctx.read(ts.file))
            ctx.edit(
                ts.file, insert_in_block(text, f"export interface {ts.name} ", lines, closing="}")
            )


def _model(ctx: RecipeContext, resource: Resource) -> Model:
    model = next((m for m in ctx.index.models if m.name == resource.cls), None)
    if model is None:
        raise LayoutError(f"no model {resource.cls!r} to add a field to")
    return model


def _unheadered(text: str) -> str:
    """An edited generated file becomes the person's: its header (and guard) goes."""
    return split_header(text)[1]


def _sa_names(columns: list[Column]) -> list[str]:
    names = {
        SA_TYPES[c.spec.type] for c in columns if c.model_args().startswith(SA_TYPES[c.spec.type])
    }
    names |= {"ForeignKey"} if any(c.spec.references for c in columns) else set()
    return sorted(names)


def _add_field_revision(ctx: RecipeContext, model: Model, resource: Resource) -> None:
    message = f"add {', '.join(c.name for c in resource.columns)} to {model.table}"
    path, revision, down = revision_slot(ctx, message)
    body = render(
        "migration_field.py.j2", message=message, revision=revision, down_revision=down,
        table=model.table, columns=resource.columns, naming_convention=ctx.layout.naming_convention,
    )  # fmt: skip
    ctx.generate(path, body)


def _schema_lines(column: Column) -> list[tuple[str, str]]:
    lines = [
        ("Create", column.create_line()),
        ("Update", f"{column.name}: {column.schema_type()} | None = None"),
    ]
    return (
        lines if column.sensitive else [*lines, ("Response", f"{column.name}: {column.annotation}")]
    )


def _has(schema: Schema, name: str) -> bool:
    return any(f.name == name for f in schema.fields)


def _insert_field(ctx: RecipeContext, schema: Schema, line: str) -> None:
    ctx.change(schema.file, lambda text: _with_field(_unheadered(text), schema.name, line))


def _with_field(text: str, cls: str, line: str) -> str:
    """The schema class `cls` with the field `line`, and the names it uses imported."""
    edited = insert_in_block(text, f"class {cls}(", [f"    {line}"])
    if "Annotated[" in line:
        edited = add_import(add_import(edited, "typing", "Annotated"), "pydantic", "Field")
    for name in ("date", "datetime"):
        if re.search(rf"\b{name}\b", line.split(":", 1)[1]):
            edited = add_import(edited, "datetime", name)
    return edited
