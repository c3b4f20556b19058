"""Which dependencies mean "this endpoint needs a logged-in caller".

A dependency is auth when any of these holds, checked in order:

1. it is declared with ``Security(...)``;
2. its callable's name, in snake case, starts with ``require_``, has ``current_…user``
   (or admin, account, member), or has a word ``auth``, ``authz``, ``authenticat…``,
   ``authoriz…``, ``oauth…``, ``token``, ``jwt``, ``bearer``, ``login_required``,
   ``api_key``, ``guard`` or ``permission(s)`` (``get_author`` is not auth: no such
   word) and does not name what it provides (``get_authorization_server``,
   ``get_token_service``, ``Provide[Container.jwt_service]``: `PROVIDER`);
3. it is bound to a security scheme instance (``OAuth2PasswordBearer(...)``,
   ``HTTPBearer()``, ``APIKeyHeader(...)``, …);
4. the function it names has, itself, an auth dependency (followed across modules); for
   an instance of a class (``Depends(ProjectMember())``, or a name bound to one,
   ``Read = Authenticator(...)``), the class's name or its ``__call__`` does.

None of it holds for a dependency that lets an anonymous caller through: one called with
``required=False`` or ``auto_error=False`` (``get_current_user_authorizer(required=False)``,
``HTTPBearer(auto_error=False)``), or one whose name says ``optional``
(``get_optional_current_user``), whatever it runs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from orchestrator.index.link.resolve import Resolver
from orchestrator.index.python.module_facts import Dep

ROLE_NAME = re.compile(r"^require_|current_\w*(user|admin|account|member)")
AUTH_WORD = re.compile(
    r"(^|_)(auth|authz|authenticat\w*|authoriz\w*|oauth2?\w*|token|jwt|bearer|login_required"
    r"|api_key|guard|permissions?)(_|$)"
)
PROVIDER = re.compile(
    r"_(service|server|repository|client|factory|manager|provider|settings|config|url)$"
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
OPTIONAL_CALL = re.compile(r"[(,]\s*(required|auto_error)\s*=\s*False\b")
OPTIONAL_NAME = re.compile(r"(^|_)optional(_|$)")
_MAX_DEPTH = 8
_CALLED = re.compile(r"\(.*\)$", re.DOTALL)


class ScopedDep(NamedTuple):
    """A dependency together with the module whose names its target uses.

    A tuple: one is made for every dependency of every route, so it must be cheap.
    """

    module: str
    target: str | None
    security: bool
    label: str


def auth_name(reference: str) -> bool:
    """Whether the last name of a dotted reference reads as an auth dependency."""
    snake = _snake_name(reference)
    if OPTIONAL_NAME.search(snake):
        return False
    if ROLE_NAME.search(snake):
        return True
    return bool(AUTH_WORD.search(snake)) and not PROVIDER.search(snake)


def optional_caller(target: str) -> bool:
    """Whether a dependency's text lets an anonymous caller through (see above)."""
    if OPTIONAL_CALL.search(target):
        return True
    return bool(OPTIONAL_NAME.search(_snake_name(_uncalled(target))))


def _uncalled(target: str) -> str:
    """`target` without its call's arguments; most targets are plain names, which the
    pattern would only scan to find nothing."""
    return _CALLED.sub("", target) if "(" in target else target


def _snake_name(reference: str) -> str:
    # `Provide[Container.jwt_service]` (dependency-injector): named by what it provides
    name = reference.removesuffix("]").rpartition(".")[2].removesuffix("()")
    return _CAMEL.sub("_", name).lower()


class DependencyGraph:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._memo: dict[tuple[str, str], bool] = {}
        self._closures: dict[tuple[str, str], tuple[str, ...]] = {}
        self._deps: dict[ScopedDep, bool] = {}  # every route asks again of the same few

    def is_auth(self, dep: ScopedDep) -> bool:
        known = self._deps.get(dep)
        if known is None:
            known = self._deps[dep] = self._is_auth(dep)
        return known

    def _is_auth(self, dep: ScopedDep) -> bool:
        if dep.target is not None and optional_caller(dep.target):
            return False
        if dep.security:
            return True
        if dep.target is None:
            return auth_name(dep.label)
        return self._target_is_auth(dep.module, dep.target, 0)

    def _target_is_auth(self, module: str, target: str, depth: int) -> bool:
        if optional_caller(target):
            return False
        target = _uncalled(target)  # `ProjectMember()`: an instance of a callable class
        key = (module, target)
        if key not in self._memo:
            self._memo[key] = False  # breaks cycles
            self._memo[key] = self._decide(module, target, depth)
        return self._memo[key]

    def _decide(self, module: str, target: str, depth: int) -> bool:
        symbol = self.resolver.resolve(module, target)
        instance = self._instance_of(module, target)
        if symbol is None and instance is not None and depth <= _MAX_DEPTH:
            return self._target_is_auth(module, instance, depth + 1)
        if symbol is None or symbol.name is None or depth > _MAX_DEPTH:
            return auth_name(target)
        facts = self.resolver.modules[symbol.module]
        if symbol.name in facts.aliases:
            return self._any_auth(symbol.module, facts.aliases[symbol.name].deps, depth)
        if symbol.name in facts.schemes:
            return True
        if auth_name(target) or auth_name(symbol.name):
            return True
        return self._any_auth(symbol.module, facts.functions.get(symbol.name, []), depth)

    def _instance_of(self, module: str, target: str) -> str | None:
        """``Read = Authenticator(scopes=...)`` then ``Depends(Read)``: the call it was
        bound to, whose class (or its ``__call__``) decides."""
        facts = self.resolver.modules.get(module)
        bound = facts.assigns.get(target) if facts is not None else None
        return bound if bound is not None and bound.endswith("()") else None

    def requires(self, deps: list[ScopedDep]) -> list[str]:
        """The names of every callable and alias the dependencies run, nested ones included."""
        found: dict[str, None] = {}
        for dep in deps:
            if dep.target is None:
                found[dep.label] = None
            else:
                found.update(dict.fromkeys(self._closure(dep.module, dep.target, 0)))
        return list(found)

    def _closure(self, module: str, target: str, depth: int) -> tuple[str, ...]:
        target = _uncalled(target)  # `Guard(policy.can_read)` runs `Guard`
        key = (module, target)
        if key not in self._closures:
            self._closures[key] = (target.rpartition(".")[2],)  # breaks cycles
            self._closures[key] = self._reach(module, target, depth)
        return self._closures[key]

    def _reach(self, module: str, target: str, depth: int) -> tuple[str, ...]:
        symbol = self.resolver.resolve(module, target)
        if symbol is None or symbol.name is None or depth > _MAX_DEPTH:
            return (target.rpartition(".")[2],)
        facts = self.resolver.modules[symbol.module]
        alias = facts.aliases.get(symbol.name)
        deps = alias.deps if alias is not None else facts.functions.get(symbol.name, [])
        names = [symbol.name]
        for dep in deps:
            if dep.kind == "annotation" and not self._is_alias(symbol.module, dep.target or ""):
                continue
            if dep.target:
                names.extend(self._closure(symbol.module, dep.target, depth + 1))
        return tuple(dict.fromkeys(names))

    def _any_auth(self, module: str, deps: list[Dep], depth: int) -> bool:
        for dep in deps:
            if dep.target is not None and optional_caller(dep.target):
                continue
            if dep.kind == "security":
                return True
            if dep.kind == "annotation" and not self._is_alias(module, dep.target or ""):
                continue
            if dep.target and self._target_is_auth(module, dep.target, depth + 1):
                return True
        return False

    def _is_alias(self, module: str, name: str) -> bool:
        symbol = self.resolver.resolve(module, name)
        if symbol is None or symbol.name is None:
            return False
        return symbol.name in self.resolver.modules[symbol.module].aliases
