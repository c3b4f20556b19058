"""Pure formatting of the index and of contract reports, for ``orchestrate index`` and
``orchestrate contracts``: each function returns a Rich renderable or a string and prints
nothing. Rich is imported here only, so the index itself stays cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text

from orchestrator.index.answer.describe import brief_source
from orchestrator.index.project_index import ProjectIndex

if TYPE_CHECKING:
    from orchestrator.index.contracts.check import ContractReport


def format_index_summary(index: ProjectIndex) -> Group:
    """Counts, where the index came from, and every skipped file with its reason."""
    stats = index.stats
    counts = Table(title="Project index", show_header=False, box=None)
    for name, value in index.counts().items():
        counts.add_row(name.replace("_", " "), str(value))
    heads = ", ".join(index.migration_heads) or "none"
    origin = Text(
        f"{stats.files} files: {len(stats.parsed)} parsed, {stats.cached} from cache "
        f"({stats.source}) in {stats.seconds:.3f}s; migration head: {heads}"
    )
    parts: list[Table | Text] = [counts, origin]
    if index.skipped:
        parts.append(format_skipped(index))
    if index.unread_routers:
        parts.append(format_unread(index))
    return Group(*parts)


def format_unread(index: ProjectIndex) -> Table:
    table = Table(title="Routers the index cannot read (their routes are not listed)")
    for column in ("prefix", "kind", "source", "where"):
        table.add_column(column)
    for unread in index.unread_routers:
        where = f"{unread.file}:{unread.line}"
        table.add_row(unread.prefix or "/", unread.kind, brief_source(unread.source), where)
    return table


def format_skipped(index: ProjectIndex) -> Table:
    table = Table(title="Skipped files (their facts are missing from answers)")
    table.add_column("file")
    table.add_column("reason")
    table.add_column("imported elsewhere")
    for skipped in index.skipped:
        table.add_row(skipped.file, skipped.reason, ", ".join(skipped.hides))
    return table


def format_routes(index: ProjectIndex) -> Table:
    table = Table(title=f"Routes ({len(index.routes)})")
    for column in ("method", "path", "handler", "request", "response", "auth", "where"):
        table.add_column(column)
    for route in index.routes:
        table.add_row(
            route.method,
            route.path,
            route.handler,
            route.request_model or "",
            route.response_model or "",
            route.auth_dependency or "",
            f"{route.file}:{route.line}",
        )
    return table


def format_contract_report(report: ContractReport) -> Group:
    """The pairs, then one row per drift with both locations and owners."""
    pairs = Table(title="Contract pairs")
    for column in ("schema", "TypeScript", "direction", "matched by"):
        pairs.add_column(column)
    for pair in report.pairs:
        pairs.add_row(pair.schema, pair.ts_type, pair.direction, pair.matched_by)
    parts: list[Table | Text] = [pairs, format_drifts(report)]
    for note in report.unknown_mappings:
        parts.append(Text(f"contracts mapping: {note}", style="yellow"))
    return Group(*parts)


def format_drifts(report: ContractReport) -> Table | Text:
    if not report.drifts:
        return Text(f"No drift across {len(report.pairs)} pairs.", style="green")
    table = Table(title=f"Contract drift ({len(report.errors)} errors, {len(report.drifts)} total)")
    for column in ("severity", "kind", "pair", "field", "message", "schema at", "TypeScript at"):
        table.add_column(column)
    for drift in report.drifts:
        table.add_row(
            Text(drift.severity, style="red" if drift.severity == "error" else "yellow"),
            drift.kind,
            f"{drift.schema} ~ {drift.ts_type}",
            drift.field,
            drift.message,
            _owned(drift.schema_location, drift.schema_owner),
            _owned(drift.ts_location, drift.ts_owner),
        )
    return table


def format_contract_text(report: ContractReport) -> str:
    """One line per drift, for logs and prompts: ``error type UserOut~User.id …``."""
    lines = [
        f"{d.severity} {d.kind} {d.schema}~{d.ts_type}.{d.field}: {d.message} "
        f"[{_owned(d.schema_location, d.schema_owner)} | {_owned(d.ts_location, d.ts_owner)}]"
        for d in report.drifts
    ]
    return "\n".join(lines) or f"No drift across {len(report.pairs)} pairs."


def _owned(location: str, owner: str | None) -> str:
    return f"{location} ({owner})" if owner else location
