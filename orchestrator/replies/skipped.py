"""What an answer may miss: the files the project index could not read that the answering
agent's facts come from, what such a file may hold, and which listed endpoints use it."""

from __future__ import annotations

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from agents.names import BuiltinAgent
    from orchestrator.index.facts import Route
    from orchestrator.index.project_index import ProjectIndex

# What a file the index could not read may hold, by kind, and which agents' answers rest on it.
_MAY_HIDE = {
    "python": "routes, dependencies (so auth), schemas, models, settings or migrations",
    "typescript": "TypeScript types",
    "tsx": "TypeScript types",
    "vue": "TypeScript types",
    "compose": "services, ports and environment variables",
    "env": "environment variables",
}
# The reviewer's answers rest on the reviews, not on files.
READS: dict[BuiltinAgent, set[str]] = {
    "fastapi": {"python"},
    "database": {"python"},
    "vue": {"python", "typescript", "tsx", "vue"},
    "devops": {"python", "compose", "env"},
}


def skipped_notes(
    agent: str, listed_routes: list[dict[str, Any]], index: ProjectIndex
) -> list[dict[str, Any]]:
    """The files the index skipped that `agent`'s answer reads, what each may hide, and
    which of the answer's `listed_routes` use it."""
    if not index.skipped:
        return []  # the usual case
    # lazy: with the walk's classes (`dataclasses`, ~10 ms), for a project with skipped files
    from orchestrator.index.files.discover import file_kind

    kinds = READS.get(agent, set())
    of_kind = [(s, file_kind(s.file.rpartition("/")[2])) for s in index.skipped]
    skipped = [(s, kind) for s, kind in of_kind if kind in kinds]
    if not skipped:
        return []  # no route needs to be decoded for it
    listed = {(r["method"], r["path"]) for r in listed_routes}
    paths = {path for _, path in listed}
    chosen = index.routes_where(lambda path, _tags: path in paths) if listed else []
    routes = [r for r in chosen if (r.method, r.path) in listed]
    return [_skipped_note(s, kind, routes) for s, kind in skipped]


def skipped_text(notes: list[dict[str, Any]]) -> str:
    """The notes as the lines an answer ends with."""
    lines = [f"Not read by the index, so this answer may miss what they hold ({len(notes)}):"]
    lines += [
        f"- {n['file']}: {n['reason']}; it may hold {n['may_hide']}" + _uses(n) for n in notes
    ]
    return "\n".join(lines)


def _skipped_note(skipped: Any, kind: str | None, routes: list[Route]) -> dict[str, Any]:
    affected = [
        f"{r.method} {r.path}"
        for r in routes
        if any(
            _uses_hidden(name or "", skipped.hides)
            for name in [*r.dependencies, *(p.type for p in r.params)]
        )
    ]
    return {
        "file": skipped.file,
        "reason": skipped.reason,
        "may_hide": _MAY_HIDE.get(kind or "", "facts"),
        "imported_elsewhere": skipped.hides,
        "routes_depending_on_it": affected,
    }


def _uses(note: dict[str, Any]) -> str:
    text = ""
    if note["imported_elsewhere"]:
        names = ", ".join(n.rstrip(".") for n in note["imported_elsewhere"][:8])
        text += f"; other modules import {names} from it"
    if note["routes_depending_on_it"]:
        count = len(note["routes_depending_on_it"])
        text += f"; {count} of the endpoints above use what it defines, so their auth is unknown"
    return text


def _uses_hidden(label: str, hides: list[str]) -> bool:
    head = label.partition("(")[0]
    return any(head.startswith(h) if h.endswith(".") else head == h for h in hides)
