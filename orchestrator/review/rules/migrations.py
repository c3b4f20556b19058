"""QA-MIGRATION-MISSING: a table changed and the change adds no Alembic revision.

"A table changed" is read from the project index at base and at head, not from the lines
of a file: a mapped class added or removed, its table renamed, or a column added,
removed or changed in type, nullability, keys, uniqueness or index. Pydantic schemas and
SQLModel classes without `table=True` beside the tables, relationships, methods and
comments need no revision, nor do tables the tests map for themselves, nor a table removed
together with the revision that created it. A revision is any new module the index reads as one
(`revision` and `down_revision` at module level), in whatever folder the project keeps
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orchestrator.index.facts import Column, Model
from orchestrator.review.catalog import MIGRATION_MISSING
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.paths_of_tests import is_test_path

ColumnShape = tuple[str | None, bool, bool, bool, bool, str | None]  # what a migration alters


@dataclass(frozen=True)
class TableChange:
    table: str
    file: str
    line: int  # 0 when the table is gone at head
    what: str  # "new table", "columns added: a, b", ...


def check(ctx: ReviewContext) -> list[Finding]:
    if not ctx.scope.reaches_index:
        return []  # no changed file declares a class at base or at head
    unmade = _unmade_tables(ctx)
    changes = [
        change
        for change in table_changes(ctx.base_index.models, ctx.head_index.models)
        if not (change.what == "table removed" and change.table in unmade)
    ]
    if not changes or adds_revision(ctx):
        return []
    return [
        ctx.finding(
            MIGRATION_MISSING,
            "error",
            change.file,
            change.line,
            f"table {change.table!r} changed ({change.what}) but the change adds no "
            "Alembic revision",
            "run `alembic revision --autogenerate -m '<what changed>'` and commit the file",
        )
        for change in changes
    ]


def adds_revision(ctx: ReviewContext) -> bool:
    revisions = {migration.file for migration in ctx.head_index.migrations}
    return any(ctx.changes.is_new(path) for path in revisions)


def _unmade_tables(ctx: ReviewContext) -> set[str]:
    """Tables created by revisions the change deletes: removed with them, no revision is
    left to undo (a history reset, a template dropping its example tables)."""
    return {
        table
        for migration in ctx.base_index.migrations
        if ctx.changes.status.get(migration.file) == "D"
        for table in migration.created_tables
    }


def table_changes(base: Iterable[Model], head: Iterable[Model]) -> list[TableChange]:
    """Each table whose shape differs between the two sets of mapped classes."""
    before, after = _by_table(base), _by_table(head)
    found = []
    for table in sorted(before.keys() | after.keys()):
        old, new = before.get(table), after.get(table)
        if new is None:
            found.append(TableChange(table, old.file, 0, "table removed"))  # type: ignore[union-attr]
        elif old is None:
            found.append(TableChange(table, new.file, new.line, "new table"))
        elif what := _column_changes(_columns(old), _columns(new)):
            found.append(TableChange(table, new.file, new.line, what))
    return found


def _by_table(models: Iterable[Model]) -> dict[str, Model]:
    """The application's tables; a test's own (created per test, never migrated) are not,
    and would shadow an application table of the same name."""
    return {m.table: m for m in models if m.table and not is_test_path(m.file)}


def _columns(model: Model) -> dict[str, ColumnShape]:
    return {column.name: _shape(column) for column in model.columns}


def _shape(column: Column) -> ColumnShape:
    return (
        column.type,
        column.nullable,
        column.primary_key,
        column.unique,
        column.index,
        column.foreign_key,
    )


def _column_changes(old: dict[str, ColumnShape], new: dict[str, ColumnShape]) -> str:
    parts = [
        (label, sorted(names))
        for label, names in (
            ("columns added", new.keys() - old.keys()),
            ("columns removed", old.keys() - new.keys()),
            ("columns changed", {n for n in old.keys() & new.keys() if old[n] != new[n]}),
        )
        if names
    ]
    return "; ".join(f"{label}: {', '.join(names)}" for label, names in parts)
