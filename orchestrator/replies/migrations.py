"""What the Alembic revisions say: the chain and its head, and the tables they make for a
project that maps none (raw SQL, query builders), so that "which tables?" has an answer."""

from __future__ import annotations

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from orchestrator.index.project_index import ProjectIndex


def migrations_reply(index: ProjectIndex) -> tuple[dict[str, Any], str]:
    """The revisions and the head(s), as facts and as text."""
    facts = {
        "heads": index.migration_heads,
        "migrations": [
            {
                "revision": m.revision,
                "down_revisions": m.down_revisions,
                "message": m.message,
                "file": m.file,
                "line": m.line,
            }
            for m in index.migrations
        ],
    }
    heads = ", ".join(index.migration_heads) or "none"
    return facts, f"Migration head: {heads} ({len(index.migrations)} revisions)"


def revision_tables(index: ProjectIndex) -> list[dict[str, Any]]:
    """Each table a revision creates and no revision drops, by name, with where."""
    dropped = {table for m in index.migrations for table in m.dropped_tables}
    created = {
        table: {"table": table, "revision": m.revision, "file": m.file, "line": m.line}
        for m in index.migrations
        for table in m.created_tables
        if table not in dropped
    }
    return [created[table] for table in sorted(created)]


def revision_tables_text(tables: list[dict[str, Any]]) -> str:
    lines = [f"{t['table']} ({t['file']}, revision {t['revision']})" for t in tables]
    return "\n".join(["No models; the Alembic revisions create these tables:", *lines])
