"""The tools that read: a file, a listing, a code search and the static project index."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from orchestrator.engines.model.code_search import SEARCH_HITS, search_in_worker
from orchestrator.engines.model.errors import ToolError
from orchestrator.engines.model.tools.context import ToolContext
from project_state.errors import StackcrewError

READ_LIMIT = 60_000
LIST_LIMIT = 2000
IndexSection = Literal[
    "routes", "models", "schemas", "ts_types", "services", "env_vars", "migrations", "contracts"
]


def read_file(
    ctx: ToolContext,
    path: str,
    start: Annotated[int | None, Field(ge=1)] = None,
    end: Annotated[int | None, Field(ge=1)] = None,
) -> str:
    """Read a file of the repository, optionally only lines start..end (1-based, inclusive)."""
    lines = ctx.workspace.read_text(path).splitlines(keepends=True)
    start, end = start or 1, end or len(lines)
    if start > max(len(lines), 1):
        raise ToolError(f"{path!r} has {len(lines)} lines; start={start} is past the end")
    numbered = "".join(f"{n}\t{lines[n - 1]}" for n in range(start, min(end, len(lines)) + 1))
    if len(numbered) > READ_LIMIT:
        cut = numbered[:READ_LIMIT].rsplit("\n", 1)[0]
        shown = cut.count("\n") + start
        return f"{cut}\n… cut after line {shown}: read on with start={shown + 1}"
    return numbered


def list_files(ctx: ToolContext, pattern: str = "**/*") -> str:
    """List repository files matching a glob such as `backend/app/**/*.py`."""
    files = ctx.workspace.list_files(pattern)
    return "\n".join(files[:LIST_LIMIT]) or f"no files match {pattern!r}"


def search_code(ctx: ToolContext, regex: str, glob: str = "**/*") -> str:
    """Search files (glob) for a Python regular expression; returns path:line: text."""
    try:
        re.compile(regex)
    except re.error as exc:
        raise ToolError(f"invalid regex {regex!r}: {exc}") from None
    files = {path: _lines(ctx, path) for path in ctx.workspace.list_files(glob)}
    hits = search_in_worker(regex, files, ctx.config.limits.search_seconds)
    if len(hits) >= SEARCH_HITS:
        return "\n".join(hits) + f"\n… stopped at {SEARCH_HITS} hits; narrow the search"
    return "\n".join(hits) or f"no match for {regex!r} in {glob!r}"


def _lines(ctx: ToolContext, path: str) -> list[str]:
    try:
        return ctx.workspace.read_text(path).splitlines()
    except StackcrewError:
        return []  # a file the agent may not read is one without hits


def query_index(ctx: ToolContext, section: IndexSection, about: str = "") -> str:
    """Facts from the static project index (built from the code, never run), as JSON.

    `section`: routes (method, full path, handler, parameters, request and response
    models, auth), models (table, columns, relationships), schemas (Pydantic fields),
    ts_types (TypeScript interfaces and aliases), services (docker-compose), env_vars
    (.env.example), migrations (Alembic revisions and head), contracts (drift between
    schemas and TypeScript types). `about`: words keeping only the facts about them
    (`user`), or `METHOD /path` for one route; empty for the whole section."""
    # deferred: only a run that queries the index pays for importing and building it
    # lazy: keeps importing this module light
    from orchestrator.engines.model.index_tool import index_facts
    from orchestrator.index import build_index

    return index_facts(
        build_index(ctx.workspace.root),
        section,
        about,
        contracts=ctx.config.contracts,
        owner_of=ctx.workspace.ownership.owner_of,
    )
