"""Handlers and routers of every module into the route table an application serves.

Each application that is not mounted elsewhere is a root. From it the linker walks
``include_router`` and ``mount`` edges, carrying what FastAPI carries: the path prefix
(include prefix + the router's own prefix, outermost first), tags, dependencies and
``include_in_schema``. A router no application reaches still lists its routes, with its
own prefix and ``app`` set to None.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from orchestrator.index.facts import Route, UnreadRouter
from orchestrator.index.link.dependencies import DependencyGraph, ScopedDep
from orchestrator.index.link.params import ParamClassifier, classify_params
from orchestrator.index.link.resolve import Resolver, Symbol
from orchestrator.index.link.static_strings import StaticStrings
from orchestrator.index.python.endpoints import RESPONSE_CLASSES
from orchestrator.index.python.module_facts import Handler, Inclusion, RouterDef

if TYPE_CHECKING:
    from orchestrator.index.link.model_fields import OwnedAttr

_CONVERTOR = re.compile(r"\{([^}:]+):[^}]+\}")


@dataclass(slots=True)
class _Context:
    prefix: str
    tags: list[str]
    deps: list[ScopedDep]
    include_in_schema: bool
    app: str | None
    stack: frozenset[Symbol] = field(default_factory=frozenset)
    unique_tags: list[str] | None = None  # `tags` each once, when first asked

    def tags_with(self, own: list[str]) -> list[str]:
        """The tags, then `own`, each once; the list is shared by the routes that add none
        (facts are read, never changed)."""
        if own:
            return list(dict.fromkeys([*self.tags, *own]))
        if self.unique_tags is None:
            self.unique_tags = list(dict.fromkeys(self.tags))
        return self.unique_tags


@dataclass(slots=True)
class _Edge:
    inclusion: Inclusion
    module: str
    child: Symbol


class RouteLinker:
    def __init__(
        self,
        resolver: Resolver,
        files: dict[str, str],
        known_models: frozenset[str],
        strings: StaticStrings,
        class_attrs: Callable[[Symbol], dict[str, OwnedAttr]] | None = None,
    ) -> None:
        self.resolver, self.files, self.known_models = resolver, files, known_models
        self.strings, self.class_attrs = strings, class_attrs
        self.modules_by_file = {file: module for module, file in files.items()}
        self.classifier = ParamClassifier(resolver, known_models)
        self.deps = DependencyGraph(resolver)
        self.routers: dict[Symbol, RouterDef] = {}
        self.handlers: dict[Symbol, list[tuple[str, Handler]]] = {}
        self.edges: dict[Symbol, list[_Edge]] = {}
        self.children: set[Symbol] = set()
        # inclusions whose router the index cannot read, by the router that includes them
        self.unread: dict[Symbol, list[tuple[str, Inclusion]]] = {}
        self.unread_routers: list[UnreadRouter] = []  # filled by `link`
        # the same few lists of dependencies recur on every route of a router
        self._by_deps: dict[tuple[ScopedDep, ...], tuple[list[str], str | None, list[str]]] = {}

    def link(self) -> list[Route]:
        self._collect()
        routes: list[Route] = []
        reached: set[Symbol] = set()
        for symbol in self._roots():
            label = f"{self.files[symbol.module]}:{symbol.name}"
            root = self.routers[symbol]
            deps = self._router_deps(symbol, root)
            self._walk(symbol, _Context("", list(root.tags), deps, True, label), routes, reached)
        for symbol in self._unreached_tops(reached):
            self._walk(symbol, self._unreached_context(symbol), routes, reached)
        for symbol in sorted(set(self.handlers) - reached, key=_order):
            context = self._unreached_context(symbol)
            self._emit(symbol, context, routes)
            self._note_unread(symbol, context)
            reached.add(symbol)
        for symbol in sorted(set(self.unread) - reached, key=_order):
            self._note_unread(symbol, self._unreached_context(symbol))
        return routes

    def _collect(self) -> None:
        for module, facts in self.resolver.modules.items():
            for router in facts.routers:
                self.routers[Symbol(module, router.name)] = router
        for module, facts in self.resolver.modules.items():
            for inclusion in facts.inclusions:
                self._add_edge(module, inclusion)
            for handler in facts.handlers:
                self._add_handler(module, facts.uses_fastapi, handler)

    def _add_edge(self, module: str, inclusion: Inclusion) -> None:
        parent = self._router(module, inclusion.owner)
        child = self._router(module, inclusion.child)
        if parent is not None and child is None and self._built_elsewhere(module, inclusion):
            self.unread.setdefault(parent, []).append((module, inclusion))
        if parent is None or child is None or parent == child:
            return
        self.edges.setdefault(parent, []).append(_Edge(inclusion, module, child))
        self.children.add(child)

    def _built_elsewhere(self, module: str, inclusion: Inclusion) -> bool:
        """Whether an inclusion the index cannot follow names something real it cannot
        read: a call, or a name imported or bound at the top of the module. A bare local
        name (a parameter, a loop variable) is a project router handed around, whose
        routes are listed where it is defined."""
        if "(" in inclusion.child:
            return True
        facts = self.resolver.modules[module]
        head = inclusion.child.partition(".")[0]
        return head in facts.imports or head in facts.assigns

    def _add_handler(self, module: str, uses_fastapi: bool, handler: Handler) -> None:
        owner = self._router(module, handler.owner)
        if owner is None:
            if not uses_fastapi:
                return
            owner = Symbol(module, handler.owner)
            self.routers.setdefault(
                owner, RouterDef(handler.owner, "router", handler.line, "", [], [])
            )
        self.handlers.setdefault(owner, []).append((module, self._elsewhere(module, handler)))

    def _elsewhere(self, module: str, handler: Handler) -> Handler:
        """A handler registered by a call naming another module's function
        (``app.add_api_route("/x", views.create)``) takes that function's return type."""
        if handler.params or handler.response_model is not None:
            return handler
        symbol = self.resolver.resolve(module, handler.function)
        if symbol is None or symbol.name is None or symbol.module == module:
            return handler
        returned = self.resolver.modules[symbol.module].return_types.get(symbol.name)
        if returned and returned.rpartition(".")[2] not in RESPONSE_CLASSES:
            handler.response_model = returned
        return handler

    def _router(self, module: str, ref: str) -> Symbol | None:
        symbol = self.resolver.resolve(module, ref)
        if symbol in self.routers:
            return symbol
        if ref.endswith(".router"):  # ``app.router`` is the application's own router
            symbol = self.resolver.resolve(module, ref[: -len(".router")])
            if symbol in self.routers and self.routers[symbol].kind == "app":
                return symbol
        return None

    def _unreached_tops(self, reached: set[Symbol]) -> list[Symbol]:
        """Routers no application reaches (one handed to a project's own function, such as
        ``add_versioned_routers(app, router)``) that include others: their routes still
        get every prefix below them."""
        tops = [s for s in self.edges if s not in reached and s not in self.children]
        return sorted(tops, key=_order)

    def _unreached_context(self, symbol: Symbol) -> _Context:
        router = self.routers[symbol]
        prefix = self.strings.evaluate(router.prefix, symbol.module)
        deps = self._router_deps(symbol, router)
        return _Context(prefix, list(router.tags), deps, router.include_in_schema, None)

    def _roots(self) -> list[Symbol]:
        apps = [s for s, r in self.routers.items() if r.kind == "app" and s not in self.children]
        return sorted(apps, key=_order)

    def _walk(
        self, symbol: Symbol, context: _Context, routes: list[Route], reached: set[Symbol]
    ) -> None:
        reached.add(symbol)
        self._emit(symbol, context, routes)
        self._note_unread(symbol, context)
        for edge in self.edges.get(symbol, []):
            if edge.child in context.stack or edge.child == symbol:
                continue
            child_context = self._enter(edge, context, symbol)
            self._walk(edge.child, child_context, routes, reached)

    def _enter(self, edge: _Edge, context: _Context, parent: Symbol) -> _Context:
        child = self.routers[edge.child]
        inclusion = edge.inclusion
        stack = context.stack | {parent}
        own_deps = self._router_deps(edge.child, child)
        included = self.strings.evaluate(inclusion.prefix, edge.module)
        if inclusion.kind == "mount":
            prefix = context.prefix + included.rstrip("/")
            return _Context(prefix, list(child.tags), own_deps, True, context.app, stack)
        own_prefix = self.strings.evaluate(child.prefix, edge.child.module)
        return _Context(
            prefix=context.prefix + included + own_prefix,
            tags=[*context.tags, *inclusion.tags, *child.tags],
            deps=[*context.deps, *self._scoped(edge.module, inclusion.dependencies), *own_deps],
            include_in_schema=(
                context.include_in_schema
                and inclusion.include_in_schema
                and child.include_in_schema
            ),
            app=context.app,
            stack=stack,
        )

    def _emit(self, symbol: Symbol, context: _Context, routes: list[Route]) -> None:
        for module, handler in self.handlers.get(symbol, []):
            for method in handler.methods:
                routes.append(self._route(module, handler, method, context))

    def _note_unread(self, symbol: Symbol, context: _Context) -> None:
        """What `symbol` includes or mounts that the index cannot read, under its prefix."""
        for module, inclusion in self.unread.get(symbol, []):
            included = self.strings.evaluate(inclusion.prefix, module)
            mount = inclusion.kind == "mount"
            self.unread_routers.append(
                UnreadRouter(
                    prefix=context.prefix + (included.rstrip("/") if mount else included),
                    source=inclusion.child,
                    kind=inclusion.kind,
                    file=self.files[module],
                    line=inclusion.line,
                    app=context.app,
                    tags=[] if mount else context.tags_with(inclusion.tags),
                )
            )

    def _route(self, module: str, handler: Handler, method: str, context: _Context) -> Route:
        path = context.prefix + self.strings.evaluate(handler.path, module)
        if ":" in path:
            path = _CONVERTOR.sub(r"{\1}", path)
        params, param_deps, request_model = classify_params(
            handler.params, path, module, self.classifier
        )
        deps = context.deps
        if handler.dependencies or param_deps or handler.view is not None:
            deps = [*deps, *self._scoped(module, handler.dependencies), *param_deps]
            if handler.view is not None:
                deps += self._view_deps(module, handler.view)
        labels, auth_dep, requires = self._dependency_facts(deps)
        # positional: keyword arguments cost three times as much, for every route
        return Route(
            method,
            path,
            handler.function,
            self.files[module],
            handler.line,
            params,
            request_model,
            handler.response_model,
            handler.status_code,
            labels,  # dependencies
            auth_dep is not None,  # auth
            auth_dep,  # auth_dependency
            handler.summary,
            handler.description,
            context.tags_with(handler.tags),
            context.app,
            context.include_in_schema and handler.include_in_schema,
            requires,
        )

    def _dependency_facts(self, deps: list[ScopedDep]) -> tuple[list[str], str | None, list[str]]:
        """The dependencies' labels, the first that is auth, and what they all require;
        worked out once for each list of dependencies, and its lists shared by the routes
        that have it (facts are read, never changed)."""
        key = tuple(deps)
        known = self._by_deps.get(key)
        if known is None:
            labels = list(dict.fromkeys(d.label for d in deps))
            auth = next((d.label for d in deps if self.deps.is_auth(d)), None)
            known = self._by_deps[key] = (labels, auth, self.deps.requires(deps))
        return known

    def _view_deps(self, module: str, view: str) -> list[ScopedDep]:
        """A class-based view's attributes set with ``Depends(...)``, its bases' included:
        every endpoint of the class runs them."""
        if self.class_attrs is None:
            return []
        found = []
        for owned in self.class_attrs(Symbol(module, view)).values():
            attr = owned.attr
            if attr.call in ("Depends", "Security"):
                target = attr.args[0] if attr.args else attr.kwargs.get("dependency")
                scope = self.modules_by_file.get(owned.file, module)
                label = target or attr.annotation or attr.name
                found.append(ScopedDep(scope, target, attr.call == "Security", label))
        return found

    def _router_deps(self, symbol: Symbol, router: RouterDef) -> list[ScopedDep]:
        """The router's own dependencies, after those its class adds in ``__init__``."""
        own = self._scoped(symbol.module, router.dependencies)
        if router.factory is None:
            return own
        cls = self.resolver.resolve(symbol.module, router.factory)
        if cls is None or cls.name is None:
            return own
        classes = self.resolver.modules[cls.module].classes
        added = next((c.init_dependencies for c in classes if c.name == cls.name), [])
        return [*self._scoped(cls.module, added), *own]

    @staticmethod
    def _scoped(module: str, deps: list) -> list[ScopedDep]:
        if not deps:
            return []
        return [
            ScopedDep(module, d.target, d.kind == "security", d.target or "Depends()") for d in deps
        ]


def _order(symbol: Symbol) -> tuple[str, str]:
    return (symbol.module, symbol.name or "")
