"""The static project index: what a FastAPI + SQLAlchemy + Vue repository contains.

Built from source text alone (Python's ``ast``, tree-sitter for TypeScript, YAML for
compose files), never by importing or running the project, and cached per file under
``.stackcrew-cache/index/``. `build_index` is the entry point; the fact classes live in
`orchestrator.index.facts`. Lower layers know nothing of higher ones:

    facts.py, errors.py    what the index holds; its one error
    project_index.py       ProjectIndex: the facts by section, read when first used
    python/                one Python module into ModuleFacts (ast)
    typescript/            TypeScript and Vue script blocks: declarations, backend calls
    infra/                 docker-compose services, dotenv variables
    files/                 which files are read; one file's facts, by its kind
    link/                  every file's facts into one ProjectIndex
    cache/                 the cache on disk and its row codec
    parse_pool.py          many files parsed at once, in worker processes
    build.py               build_index: walk, reuse the cache, parse the rest, link, remember
    answer/                facts looked up and described for a question
    contracts/             schemas against the TypeScript types paired with them
    report.py              the index and a contract report, for a terminal
"""

from __future__ import annotations

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from orchestrator.index.build import build_index
    from orchestrator.index.facts import (
        Column,
        EnvVar,
        IndexStats,
        Migration,
        Model,
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
    from orchestrator.index.project_index import ProjectIndex

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


def __getattr__(name: str) -> object:
    """`build_index` and the fact classes, loaded when first asked for: whether a ready
    cache is current (`orchestrator.index.cache.verified`) is known without them."""
    if name == "build_index":
        from orchestrator.index.build import build_index  # lazy: see above

        return build_index
    if name == "ProjectIndex":
        from orchestrator.index.project_index import ProjectIndex  # lazy: see above

        return ProjectIndex
    if name in __all__:
        from orchestrator.index import facts  # lazy: see above

        return getattr(facts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
