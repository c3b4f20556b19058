"""The static project index: what a FastAPI + SQLAlchemy + Vue repository contains.

Built from source text alone (Python's ``ast``, tree-sitter for TypeScript, YAML for
compose files), never by importing or running the project, and cached per file under
``.stackcrew-cache/index/``. `build_index` is the entry point; the fact classes live in
`orchestrator.index.facts`; `orchestrator.index.contracts` compares schemas with
TypeScript types; `orchestrator.index.report` formats both for a terminal.
"""

from orchestrator.index.build import build_index
from orchestrator.index.facts import (
    Column,
    EnvVar,
    IndexStats,
    Migration,
    Model,
    ProjectIndex,
    Relationship,
    Route,
    RouteParam,
    Schema,
    SchemaField,
    Service,
    Skipped,
    TsProperty,
    TsType,
)

__all__ = [
    "Column",
    "EnvVar",
    "IndexStats",
    "Migration",
    "Model",
    "ProjectIndex",
    "Relationship",
    "Route",
    "RouteParam",
    "Schema",
    "SchemaField",
    "Service",
    "Skipped",
    "TsProperty",
    "TsType",
    "build_index",
]
