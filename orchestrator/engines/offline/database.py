"""database recipes: a table (SQLAlchemy 2 or SQLModel) with its Alembic revision.

The table follows the project's stack (`stack.Stack`): its declarative base or SQLModel,
its key type, a module of its own in the models package or the end of the one models
module, and — where the project keeps SQLModel schemas beside their tables — the
resource's Create, Update, Response and Page schemas with it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from orchestrator.engines.offline.context import RecipeContext, render
from orchestrator.engines.offline.insertion import add_import, add_to_all, merge_module
from orchestrator.engines.offline.layout import LayoutError
from orchestrator.engines.offline.resource import Resource
from orchestrator.engines.offline.sqlalchemy_pin import pinned_below_2


@dataclass(frozen=True)
class Relation:
    name: str
    cls: str
    module: str


def add_model(ctx: RecipeContext, resource: Resource) -> None:
    """The table in `<models>/<name>.py` (imported by the models package) or at the end of
    the project's one models module, and a `create` revision."""
    layout = ctx.layout
    resource = keyed(ctx, resource)
    _refuse_columns_of_the_base(ctx)
    _refuse_sqlalchemy_below_2(ctx)
    slot = revision_slot(ctx, f"create {table_name(ctx, resource)}")  # refuses before writing
    body = _model_body(ctx, resource)
    if layout.stack.models_module is not None:
        module = layout.stack.models_module
        ctx.change(module, lambda text: merge_module(text, body))
    else:
        path = f"{layout.models}/{resource.name}.py"
        ctx.generate(path, body)
        _register(ctx, f"{layout.models}/__init__.py", layout.module(path), resource.cls)
    _add_revision(ctx, resource, slot)


def _refuse_columns_of_the_base(ctx: RecipeContext) -> None:
    """A base that declares columns gives them to every table, and the revision would
    have to create them in the project's own column types, which no recipe knows."""
    base = ctx.layout.stack.base
    inherited = dict.fromkeys(
        c.name for m in ctx.index.models for c in m.columns if base and c.inherited_from == base[1]
    )
    if inherited:
        raise LayoutError(
            f"the declarative base `{base[1]}` ({base[0]}) declares columns every table "
            f"inherits ({', '.join(inherited)}); no recipe writes a base's columns into a "
            "revision yet",
            hint="add the table and its revision by hand, or let a model-backed engine do it",
        )


def _refuse_sqlalchemy_below_2(ctx: RecipeContext) -> None:
    """The table is written in SQLAlchemy 2's style, which an older pin cannot import."""
    if ctx.layout.stack.sqlmodel:
        return
    pin = pinned_below_2(ctx.workspace.root, [ctx.layout.backend, "."])
    if pin is not None:
        raise LayoutError(
            f"the project pins SQLAlchemy below 2 ({pin}); the table recipe writes "
            "SQLAlchemy 2's `Mapped` and `mapped_column`, which do not import there",
            hint="add the table and its revision by hand, or let a model-backed engine do it",
        )


def keyed(ctx: RecipeContext, resource: Resource) -> Resource:
    """The resource knowing which of the columns it may reference hold UUIDs (the column
    named, not the table's key: a table may key on an integer and carry a UUID too)."""
    uuid_refs = frozenset(
        f"{m.table}.{c.name}"
        for m in ctx.index.models
        for c in m.columns
        if "uuid" in (c.type or "").lower()
    )
    return resource.keyed_by(uuid_refs)


def table_name(ctx: RecipeContext, resource: Resource) -> str:
    """`posts`, or SQLModel's own default (`post`) when the project's tables keep it."""
    return resource.table if ctx.layout.stack.plural_tables else resource.cls.lower()


def _model_body(ctx: RecipeContext, resource: Resource) -> str:
    layout = ctx.layout
    uuid = layout.stack.key == "uuid" or resource.uuid_columns
    if layout.stack.sqlmodel:
        kinds = {c.spec.type for c in resource.columns}
        sa_imports = [
            name for kind, name in (("datetime", "DateTime"), ("text", "Text")) if kind in kinds
        ]
        return render(
            "sqlmodel_model.py.j2", r=resource, layout=layout, uuid=uuid,
            table=table_name(ctx, resource), schemas=layout.stack.schemas_in_models,
            sa_imports=sa_imports, dt_imports=resource.datetime_imports(),
        )  # fmt: skip
    base = layout.stack.base[1] if layout.stack.base else "Base"
    return render(
        "model.py.j2", r=resource, layout=layout, relations=_relations(ctx, resource),
        sa_imports=resource.sa_imports(), dt_imports=resource.datetime_imports(),
        base=base, uuid=uuid, table=table_name(ctx, resource),
    )  # fmt: skip


def _relations(ctx: RecipeContext, resource: Resource) -> list[Relation]:
    """A many-to-one `relationship()` for each foreign key to a table the index knows."""
    found = []
    for column in resource.columns:
        table = (column.spec.references or ".").split(".")[0]
        target = next((m for m in ctx.index.models if m.table == table), None)
        if target is not None and column.name.endswith("_id"):
            module = ctx.layout.module(target.file)
            found.append(Relation(column.name.removesuffix("_id"), target.name, module))
    return found


def _register(ctx: RecipeContext, init: str, module: str, cls: str) -> None:
    """Import the model in the models package so `Base.metadata` knows its table."""
    if ctx.read(init):
        ctx.change(init, lambda text: add_to_all(add_import(text, module, cls), cls))


def revision_slot(ctx: RecipeContext, message: str) -> tuple[str, str, str | None]:
    """Path, revision id and down-revision for a migration: the one already generated with
    this message (so a rerun rewrites it in place), else a new one on top of the head."""
    versions = ctx.layout.versions
    if versions is None:
        raise LayoutError("no Alembic versions folder (alembic/versions) in the project")
    existing = next((m for m in ctx.index.migrations if m.message == message), None)
    if existing is not None:
        down = existing.down_revisions[0] if existing.down_revisions else None
        return existing.file, existing.revision, down
    down = single_head(ctx)
    revision = next_revision(down, message)
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower())[:40].strip("_")
    return f"{versions}/{revision}_{slug}.py", revision, down


def _add_revision(
    ctx: RecipeContext, resource: Resource, slot: tuple[str, str, str | None]
) -> None:
    table = table_name(ctx, resource)
    message = f"create {table}"
    path, revision, down = slot
    body = render(
        "migration.py.j2", r=resource, layout=ctx.layout, message=message,
        revision=revision, down_revision=down, table=table,
    )  # fmt: skip
    ctx.generate(path, body)


def single_head(ctx: RecipeContext) -> str | None:
    heads = ctx.index.migration_heads
    folders = sorted({_folder(ctx, head) for head in heads})
    if len(folders) > 1:  # often one tree per schema, where merging would be wrong
        raise LayoutError(
            f"Alembic has {len(heads)} heads in {len(folders)} folders ({', '.join(folders)}); "
            "a new revision needs one head, and no recipe knows which tree a new table "
            "belongs to",
            hint="if they are branches of one tree, merge them (`alembic merge heads`); if "
            "they are separate trees, add the table and its revision by hand in its own, or "
            "let a model-backed engine do it",
        )
    if len(heads) > 1:
        raise LayoutError(
            f"Alembic has {len(heads)} heads ({', '.join(heads)}); a new revision needs one",
            hint="merge them first: `alembic merge heads`",
        )
    return heads[0] if heads else None


def _folder(ctx: RecipeContext, revision: str) -> str:
    found = next(m.file for m in ctx.index.migrations if m.revision == revision)
    return found.rpartition("/")[0]


def next_revision(head: str | None, message: str) -> str:
    """`0002` after `0001` (same width); a stable 12-hex id after any other head."""
    if head is None:
        return "0001"
    if head.isdigit():
        return str(int(head) + 1).zfill(len(head))
    return hashlib.sha256(f"{head}:{message}".encode()).hexdigest()[:12]
