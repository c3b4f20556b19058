"""The project index as a read-only tool: facts of one section, about some words, as JSON.

A model consulting an agent gets the same static facts the offline answers use (routes,
models, schemas, TypeScript types, compose services, environment variables, migrations,
contract drift) without reading every file. Results are capped at `MAX_ITEMS` with a
count of what was left out, so a 10,000-route project does not flood the conversation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from orchestrator.index import ProjectIndex
from orchestrator.index.answer import query
from orchestrator.index.answer.describe import (
    model_fact,
    route_fact,
    schema_fact,
    service_fact,
    ts_fact,
)

SECTIONS = (
    "routes",
    "models",
    "schemas",
    "ts_types",
    "services",
    "env_vars",
    "migrations",
    "contracts",
)
MAX_ITEMS = 100


def index_facts(
    index: ProjectIndex,
    section: str,
    about: str,
    *,
    contracts: dict[str, str],
    owner_of: Callable[[str], str | None],
) -> str:
    """JSON: ``{"section", "about", "count", "items"[, "left_out"][, "heads"]}``."""
    words = query.resource_words(about, frozenset())
    extra: dict[str, Any] = {}
    if section == "routes":
        items = _routes(index, about, words)
    elif section == "models":
        items = [model_fact(m) for m in query.models_about(index, words)]
    elif section == "schemas":
        items = [schema_fact(s) for s in index.schemas if _about(s.name, words)]
    elif section == "ts_types":
        items = [ts_fact(t, None, []) for t in index.ts_types if _about(t.name, words)]
    elif section == "services":
        items = [service_fact(s) for s in index.services if _mentions(s.name, words)]
    elif section == "env_vars":
        items = [asdict(v) for v in index.env_vars if _mentions(v.name, words)]
    elif section == "migrations":
        items = [asdict(m) for m in index.migrations]
        extra["heads"] = index.migration_heads
    else:
        # lazy: keeps importing this module light
        from orchestrator.index.contracts.check import check_contracts

        report = check_contracts(index, mapping=contracts, owner_of=owner_of)
        items = [asdict(d) for d in report.drifts if _about(d.schema, words)]
    shown = items[:MAX_ITEMS]
    result = {"section": section, "about": about, "count": len(items), "items": shown, **extra}
    if len(items) > len(shown):
        result["left_out"] = f"{len(items) - len(shown)} more; narrow them with `about`"
    return json.dumps(result, indent=1, default=str)


def _routes(index: ProjectIndex, about: str, words: list[str]) -> list[dict[str, Any]]:
    operation = query.operation(about)
    if operation is not None:
        route = query.find_route(index, *operation)
        return [route_fact(route)] if route is not None else []
    return [route_fact(r) for r in query.routes_about(index, words)]


def _about(name: str, words: list[str]) -> bool:
    return not words or query.about(name, words) or _mentions(name, words)


def _mentions(name: str, words: list[str]) -> bool:
    return not words or any(w in name.lower() for w in words)
