"""Names across modules: what ``users.router`` or ``CurrentUser`` refers to, statically.

Module names come from paths (``backend/app/main.py`` is ``backend.app.main``), so an
absolute import such as ``from app.routers import users`` is matched by suffix; when
several modules end that way, the one sharing the longest prefix with the importer wins.
Relative imports are resolved exactly by the parser. A name no import, assignment or
definition explains is looked up in the modules the module star-imports (``from x import *``).
"""

from __future__ import annotations

from typing import NamedTuple

from orchestrator.index.python.module_facts import ModuleFacts

_MAX_DEPTH = 12
_UNASKED = object()  # a memo's "not yet", as None is an answer


class Symbol(NamedTuple):
    """A name defined at the top of a module; ``name`` is None for the module itself.

    A tuple, not a frozen dataclass: symbols are dictionary keys in every linking step,
    and a tuple hashes and compares in C.
    """

    module: str
    name: str | None


class Resolver:
    def __init__(self, modules: dict[str, ModuleFacts]) -> None:
        self.modules = modules
        # modules by their last name: every module a suffix can match ends in that name
        self._by_last: dict[str, list[str]] = {}
        for name in modules:
            self._by_last.setdefault(name.rpartition(".")[2], []).append(name)
        self._by_suffix: dict[str, list[str]] = {}  # filled as suffixes are asked
        self._locals = _LocalNames(modules)
        self._stars = _StarSources(modules)
        self._memo: dict[tuple[str, str], Symbol | None] = {}

    def resolve(self, module: str, ref: str) -> Symbol | None:
        """The definition ``ref`` (dotted text written in ``module``) refers to."""
        key = (module, ref)
        found = self._memo.get(key, _UNASKED)
        if found is _UNASKED:
            found = self._memo[key] = self._resolve(module, ref.split("."), 0)
        return found

    def find_module(self, name: str, near: str) -> str | None:
        if name in self.modules:
            return name
        candidates = self._ending_with(name)
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        return max(candidates, key=lambda c: (_shared_prefix(c, near), -len(c)))

    def _ending_with(self, suffix: str) -> list[str]:
        """The modules named `suffix` or ending in ``.suffix``, in the modules' order."""
        found = self._by_suffix.get(suffix)
        if found is None:
            last = suffix.rpartition(".")[2]
            dotted = "." + suffix
            found = [m for m in self._by_last.get(last, ()) if m == suffix or m.endswith(dotted)]
            self._by_suffix[suffix] = found
        return found

    def _submodule(self, package: str, name: str, near: str) -> str | None:
        """`find_module` of ``package.name``; most names end no module's name, so those are
        answered without building the dotted text."""
        if name.rpartition(".")[2] not in self._by_last:
            return None
        return self.find_module(f"{package}.{name}" if package else name, near)

    def _resolve(self, module: str, parts: list[str], depth: int) -> Symbol | None:
        facts = self.modules.get(module)
        if depth > _MAX_DEPTH or facts is None:
            return None
        head = parts[0]
        if head in self._locals[module]:
            return Symbol(module, head) if len(parts) == 1 else None
        rest = parts[1:]
        if head in facts.assigns:
            return self._follow_assign(module, facts.assigns[head], rest, depth)
        if head in facts.imports:
            return self._follow_import(module, facts.imports[head], rest, depth)
        submodule = self._submodule(module, head, module) if module else None
        if submodule is not None:
            return self._within(submodule, rest, depth)
        return self._through_stars(module, facts, parts, depth)

    def _through_stars(
        self, module: str, facts: ModuleFacts, parts: list[str], depth: int
    ) -> Symbol | None:
        """A name a ``from x import *`` brought in: the first such module that has it."""
        for source in self._stars[module]:
            found = self.find_module(source, module)
            if found is None or found == module:
                continue
            symbol = self._resolve(found, parts, depth + 1)
            if symbol is not None:
                return symbol
        return None

    def _follow_assign(
        self, module: str, target: str, rest: list[str], depth: int
    ) -> Symbol | None:
        if target.endswith("()"):
            called = self._resolve(module, target[:-2].split("."), depth + 1)
            returned = self._returned(called)
            return returned if returned is not None and not rest else None
        return self._resolve(module, [*target.split("."), *rest], depth + 1)

    def _returned(self, symbol: Symbol | None) -> Symbol | None:
        if symbol is None or symbol.name is None:
            return None
        returned = self.modules[symbol.module].returns.get(symbol.name)
        return Symbol(symbol.module, returned) if returned in self._locals[symbol.module] else None

    def _follow_import(
        self, module: str, target: list[str | None], rest: list[str], depth: int
    ) -> Symbol | None:
        source, name = target[0] or "", target[1]
        if name is None:
            found = self.find_module(source, module)
            return self._within(found, rest, depth) if found else None
        submodule = self._submodule(source, name, module)
        if submodule is not None and submodule != module:
            return self._within(submodule, rest, depth)
        found = self.find_module(source, module)
        if found is None or found == module:
            return None
        if not rest and depth < _MAX_DEPTH and name in self._locals[found]:
            return Symbol(found, name)  # what `_resolve` answers first, without the call
        return self._resolve(found, [name, *rest], depth + 1)

    def _within(self, module: str, rest: list[str], depth: int) -> Symbol | None:
        return Symbol(module, None) if not rest else self._resolve(module, rest, depth + 1)


class _LocalNames(dict[str, set[str]]):
    """The names each module defines at its top, read when the module is first asked:
    many modules are never asked."""

    def __init__(self, modules: dict[str, ModuleFacts]) -> None:
        self.modules = modules

    def __missing__(self, module: str) -> set[str]:
        names = self[module] = _local_names(self.modules[module])
        return names


class _StarSources(dict[str, list[str]]):
    """The modules each module star-imports (``from x import *``), in import order."""

    def __init__(self, modules: dict[str, ModuleFacts]) -> None:
        self.modules = modules

    def __missing__(self, module: str) -> list[str]:
        imports = self.modules[module].imports.items()
        sources = self[module] = [s or "" for k, (s, _) in imports if k.startswith("*")]
        return sources


def _local_names(facts: ModuleFacts) -> set[str]:
    # one set display and plain loops: the cheapest build in CPython, done per module
    names = {*facts.functions, *facts.aliases, *facts.schemes, *facts.returns}
    names.update(facts.return_types, facts.constants, facts.declarative_bases)
    for router in facts.routers:
        names.add(router.name)
    for cls in facts.classes:
        names.add(cls.name)
    for handler in facts.handlers:
        names.add(handler.function)
    return names


def _shared_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x != y:
            break
        count += 1
    return count
