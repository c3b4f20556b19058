"""Where each handler parameter comes from, by FastAPI's own rules, statically.

In order: an explicit marker (``Query()``, ``Path()``, ``Body()``, ``Header()``,
``Cookie()``, ``Form()``, ``File()``, ``Depends()``, ``Security()``), given as the default
or inside ``Annotated[...]`` or through a type alias such as ``CurrentUser``; then a name
that appears in the path (``{user_id}``) is a path parameter; framework objects
(``Request``, ``BackgroundTasks``, …) are skipped; a known pydantic/SQLModel class, a
``dict`` or a ``list``/``set``/``tuple`` is the body; everything else is a query parameter.
"""

from __future__ import annotations

import re

from orchestrator.index.facts import RouteParam
from orchestrator.index.link.dependencies import ScopedDep
from orchestrator.index.link.resolve import Resolver
from orchestrator.index.python.module_facts import RawParam

FRAMEWORK_TYPES = frozenset(
    {
        "Request",
        "Response",
        "WebSocket",
        "BackgroundTasks",
        "SecurityScopes",
        "HTTPConnection",
    }
)
_LOCATIONS = {
    "Query": "query",
    "Path": "path",
    "Body": "body",
    "Header": "header",
    "Cookie": "cookie",
    "Form": "form",
    "File": "file",
}
_CONTAINERS = frozenset(
    {"list", "List", "set", "Set", "tuple", "Tuple", "dict", "Dict", "Sequence"}
)
_PATH_PARAM = re.compile(r"\{([^}:]+)")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


class ParamClassifier:
    """`classify_params` for one linking pass, remembering what each type text means."""

    def __init__(self, resolver: Resolver, known_models: frozenset[str]) -> None:
        self.resolver, self.known_models = resolver, known_models
        self.locations = _TypeLocations(known_models)
        self._aliases: dict[str, _AliasesIn] = {}

    def aliases_in(self, module: str) -> _AliasesIn:
        found = self._aliases.get(module)
        if found is None:
            found = self._aliases[module] = _AliasesIn(module, self.resolver)
        return found


class _AliasesIn(dict[str, tuple[RawParam | None, str]]):
    """The ``Annotated`` alias each plain annotation written in one module names, and the
    alias's module; a dictionary that fills itself, as every route asks again."""

    def __init__(self, module: str, resolver: Resolver) -> None:
        self.module, self.resolver = module, resolver

    def __missing__(self, annotation: str) -> tuple[RawParam | None, str]:
        found = self[annotation] = _alias_of(self.module, annotation, self.resolver)
        return found


class _TypeLocations(dict[str, str | None]):
    """Where a parameter of each base type comes from (`_location_of_type`)."""

    def __init__(self, known_models: frozenset[str]) -> None:
        self.known_models = known_models

    def __missing__(self, base: str) -> str | None:
        found = self[base] = _location_of_type(base, self.known_models)
        return found


def classify_params(
    raw: list[RawParam], path: str, module: str, classifier: ParamClassifier
) -> tuple[list[RouteParam], list[ScopedDep], str | None]:
    """The parameters a client sends, the dependencies, and the request body's type."""
    path_names = _PATH_PARAM.findall(path) if "{" in path else ()
    params: list[RouteParam] = []
    deps: list[ScopedDep] = []
    bodies: list[str | None] = []
    aliases, locations = classifier.aliases_in(module), classifier.locations
    for param in raw:
        # the parameter with a type alias's marker applied (``user: CurrentUser``)
        marker, base, scope = param.marker, param.base, module
        has_default, default, declared = param.has_default, param.default, param.deps
        annotation = param.annotation
        if marker is None and annotation and "[" not in annotation:
            alias, alias_module = aliases[annotation]
            if alias is not None:
                marker, base, scope, declared = alias.marker, alias.base, alias_module, alias.deps
                if not has_default:
                    has_default, default = alias.has_default, alias.default
        if marker is None and default and default.isidentifier():
            # `token: str = DependsJwtAuth`, a name bound to `Depends(...)`
            bound, bound_module = aliases[default]
            if bound is not None and bound.annotation is None:
                marker, scope, declared = bound.marker, bound_module, bound.deps
        if marker == "Depends" or marker == "Security":
            label = base or param.name
            for d in declared:  # a loop, not a comprehension: most declare one
                deps.append(ScopedDep(scope, d.target, d.kind == "security", d.target or label))
            continue
        if marker in _LOCATIONS:
            location: str | None = _LOCATIONS[marker]
        elif param.name in path_names:
            location = "path"
        else:
            location = locations[base or ""]
        if location is None:
            continue
        required = location == "path" or not has_default
        params.append(RouteParam(param.name, location, base, required, default))
        if location == "body":
            bodies.append(base)
    return params, deps, (bodies[0] if len(bodies) == 1 else None)


def _alias_of(module: str, annotation: str, resolver: Resolver) -> tuple[RawParam | None, str]:
    symbol = resolver.resolve(module, annotation)
    if symbol is None or symbol.name is None:
        return None, module
    return resolver.modules[symbol.module].aliases.get(symbol.name), symbol.module


def _location_of_type(base: str, known_models: frozenset[str]) -> str | None:
    names = [n.rpartition(".")[2] for n in _IDENTIFIER.findall(base)]
    if names and names[0] in FRAMEWORK_TYPES:
        return None
    if names and names[0] == "UploadFile":
        return "file"
    if names and (names[0] in _CONTAINERS or any(n in known_models for n in names)):
        return "body"
    return "query"
