"""Per-file facts into one `ProjectIndex`: the step that needs every file at once.

Routes need routers from other modules, schemas need their bases, TypeScript types their
``extends``, and the Alembic head needs every revision. Linking costs a fraction of
parsing, so it runs whenever any file changed.
"""

from __future__ import annotations

from orchestrator.index.facts import IndexStats, Migration, Skipped
from orchestrator.index.files.file_facts import FileFacts
from orchestrator.index.link.classes import ClassLinker
from orchestrator.index.link.resolve import Resolver
from orchestrator.index.link.routes import RouteLinker
from orchestrator.index.link.settings_env import settings_variables
from orchestrator.index.link.static_strings import StaticStrings
from orchestrator.index.link.ts_types import TsLinker
from orchestrator.index.project_index import ProjectIndex
from orchestrator.index.python.module_facts import ModuleFacts, module_name


def link_index(root: str, files: dict[str, FileFacts]) -> ProjectIndex:
    modules: dict[str, ModuleFacts] = {}
    module_files: dict[str, str] = {}
    for rel, facts in files.items():
        if facts.python is not None:
            modules[facts.python.module] = facts.python
            module_files[facts.python.module] = rel
    resolver = Resolver(modules)
    classes = ClassLinker(resolver, module_files)
    models, schemas = classes.link()
    known = frozenset(s.name for s in schemas) | frozenset(m.name for m in models)
    strings = StaticStrings(resolver, classes.classes)
    route_linker = RouteLinker(resolver, module_files, known, strings, classes.attrs)
    routes = route_linker.link()
    migrations = _migrations(modules, module_files)
    return ProjectIndex(
        root=root,
        routes=routes,
        models=models,
        schemas=schemas,
        ts_types=TsLinker([t for f in files.values() for t in f.ts_types]).link(),
        services=[s for f in files.values() for s in f.services],
        env_vars=[*(v for f in files.values() for v in f.env_vars), *settings_variables(classes)],
        migrations=migrations,
        migration_heads=migration_heads(migrations),
        skipped=_skipped(files, modules),
        client_calls=[c for f in files.values() for c in f.client_calls],
        unread_routers=route_linker.unread_routers,
        stats=IndexStats(files=len(files), parsed=[], cached=0, seconds=0.0, source="incremental"),
    )


def _migrations(modules: dict[str, ModuleFacts], files: dict[str, str]) -> list[Migration]:
    found = []
    for name, facts in modules.items():
        if facts.revision is not None:
            r = facts.revision
            found.append(
                Migration(r.revision, r.down, r.message, files[name], r.line, r.created, r.dropped)
            )
    return found


def migration_heads(migrations: list[Migration]) -> list[str]:
    """Revisions no other revision revises: one head, or several before a merge."""
    revised = {down for m in migrations for down in m.down_revisions}
    return [m.revision for m in migrations if m.revision not in revised]


def _skipped(files: dict[str, FileFacts], modules: dict[str, ModuleFacts]) -> list[Skipped]:
    """Files that failed to parse, each with what the other modules import from it."""
    skipped = [Skipped(rel, f.error) for rel, f in files.items() if f.error]
    by_module = {module_name(s.file): s for s in skipped if s.file.endswith(".py")}
    if not by_module:
        return skipped
    # an import names a skipped module only when its source is one or a parent of one;
    # checking that first spares building the dotted name of every import of the project
    parents = {m[:i] for m in by_module for i, c in enumerate(m) if c == "."}
    for facts in modules.values():
        for local, (source, name) in facts.imports.items():
            if name == "*" or (source not in parents and source not in by_module):
                continue
            whole = f"{source}.{name}" if name else source
            if whole in by_module:  # ``from app.api import deps``: used as ``deps.X``
                by_module[whole].hides.append(f"{local}.")
            elif source in by_module and name:
                by_module[source].hides.append(name)
    for found in by_module.values():
        found.hides = sorted(set(found.hides))
    return skipped
