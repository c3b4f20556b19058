"""`ProjectIndex`: everything the static index knows about one repository, by section.

Apart from the fact classes (`orchestrator.index.facts`), which it holds but does not load:
an index read back from the cache for a question may hold plain rows read without them
(`orchestrator.index.cache.plain_rows`), and the `dataclasses` module alone costs ~10 ms.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from orchestrator.index.facts import (
        ClientCall,
        EnvVar,
        IndexStats,
        Migration,
        Model,
        Route,
        Schema,
        Service,
        Skipped,
        TsType,
        UnreadRouter,
    )

    RoutePicker = Callable[[Callable[[str, list[str]], bool], tuple[str, ...] | None], list[Route]]

# The sections, in the order of `orchestrator.index.facts.SECTIONS` (a test holds them equal).
SECTION_NAMES = (
    "routes",
    "models",
    "schemas",
    "ts_types",
    "services",
    "env_vars",
    "migrations",
    "skipped",
    "client_calls",
    "unread_routers",
)


class ProjectIndex:
    """Everything the static index knows about one repository.

    Each list is a section. An index loaded from the ready cache keeps each section as
    the JSON text it was stored as, and decodes it the first time it is read: answering
    a question about endpoints never pays for the TypeScript types, and `routes_where`
    decodes only the routes whose path and tags it keeps.
    """

    __slots__ = ("_pending", "_picker", "_sections", "migration_heads", "root", "stats")

    def __init__(
        self,
        *,
        root: str,
        routes: list[Route],
        models: list[Model],
        schemas: list[Schema],
        ts_types: list[TsType],
        services: list[Service],
        env_vars: list[EnvVar],
        migrations: list[Migration],
        migration_heads: list[str],
        skipped: list[Skipped],
        stats: IndexStats,
        client_calls: list[ClientCall] | None = None,
        unread_routers: list[UnreadRouter] | None = None,
    ) -> None:
        self.root, self.migration_heads, self.stats = root, migration_heads, stats
        self._sections: dict[str, list[Any]] = {
            "routes": routes,
            "models": models,
            "schemas": schemas,
            "ts_types": ts_types,
            "services": services,
            "env_vars": env_vars,
            "migrations": migrations,
            "skipped": skipped,
            "client_calls": client_calls or [],
            "unread_routers": unread_routers or [],
        }
        self._pending: dict[str, Callable[[], list[Any]]] = {}
        self._picker: RoutePicker | None = None

    @classmethod
    def deferred(
        cls,
        root: str,
        migration_heads: list[str],
        stats: IndexStats,
        loaders: dict[str, Callable[[], list[Any]]],
        picker: RoutePicker | None = None,
    ) -> ProjectIndex:
        """An index whose sections are produced by ``loaders`` when first read.

        ``picker``, when given, produces the routes whose path and tags pass a test
        without producing the others (`routes_where`).
        """
        index = cls.__new__(cls)
        index.root, index.migration_heads, index.stats = root, migration_heads, stats
        index._sections, index._pending, index._picker = {}, dict(loaders), picker
        return index

    def routes_where(
        self, keep: Callable[[str, list[str]], bool], mentions: tuple[str, ...] | None = None
    ) -> list[Route]:
        """The routes for which ``keep(path, tags)`` holds, in index order.

        `mentions`, when given, are words of which every route `keep` holds for has one in
        its path or tags, ignoring case: an index read from the cache tests only those."""
        if self._picker is None or "routes" in self._sections:
            return [r for r in self.routes if keep(r.path, r.tags)]
        return self._picker(keep, mentions)

    def section(self, name: str) -> list[Any]:
        if name not in self._sections:
            self._sections[name] = self._pending.pop(name)()
        return self._sections[name]

    @property
    def routes(self) -> list[Route]:
        return self.section("routes")

    @property
    def models(self) -> list[Model]:
        return self.section("models")

    @property
    def schemas(self) -> list[Schema]:
        return self.section("schemas")

    @property
    def ts_types(self) -> list[TsType]:
        return self.section("ts_types")

    @property
    def services(self) -> list[Service]:
        return self.section("services")

    @property
    def env_vars(self) -> list[EnvVar]:
        return self.section("env_vars")

    @property
    def migrations(self) -> list[Migration]:
        return self.section("migrations")

    @property
    def skipped(self) -> list[Skipped]:
        return self.section("skipped")

    @property
    def client_calls(self) -> list[ClientCall]:
        return self.section("client_calls")

    @property
    def unread_routers(self) -> list[UnreadRouter]:
        return self.section("unread_routers")

    def counts(self) -> dict[str, int]:
        return {name: len(self.section(name)) for name in SECTION_NAMES}
