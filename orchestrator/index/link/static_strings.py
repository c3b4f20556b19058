"""References in path templates evaluated from the source, without running it.

The parser keeps a path or prefix that is not a literal as a template
(`orchestrator.index.python.string_templates`). The linker evaluates a reference when it
names a module-level string constant, or an attribute of an instance whose class gives
that attribute a string default: ``settings = Settings()``, ``settings =
get_settings()`` with ``-> Settings``, ``Settings.from_env()``. The default is what is
reported: an environment that overrides it at run time is not seen. A reference that
cannot be evaluated is shown as ``<reference>``.
"""

from __future__ import annotations

from orchestrator.index.link.resolve import Resolver, Symbol
from orchestrator.index.python.annotations import literal
from orchestrator.index.python.module_facts import ClassFacts
from orchestrator.index.python.string_templates import MARK

_MAX_DEPTH = 8


class StaticStrings:
    def __init__(self, resolver: Resolver, classes: dict[Symbol, ClassFacts]) -> None:
        self.resolver, self.classes = resolver, classes

    def evaluate(self, template: str, module: str) -> str:
        if MARK not in template:
            return template
        parts = template.split(MARK)
        for i in range(1, len(parts), 2):
            value = self.value(module, parts[i])
            parts[i] = value if value is not None else f"<{parts[i]}>"
        return "".join(parts)

    def value(self, module: str, ref: str) -> str | None:
        symbol = self.resolver.resolve(module, ref)
        if symbol is not None and symbol.name is not None:
            constant = self.resolver.modules[symbol.module].constants.get(symbol.name)
            if constant is not None:
                return constant
        owner, _, attribute = ref.rpartition(".")
        if not owner:
            return None
        cls = self._instance_class(module, owner, 0)
        return self._class_default(cls, attribute, 0) if cls is not None else None

    def _instance_class(self, module: str, ref: str, depth: int) -> Symbol | None:
        """The class of the object ``ref`` is bound to, when an assignment tells."""
        bound = self._binding(module, ref, depth)
        if bound is None:
            return None
        bound_module, call = bound
        if not call.endswith("()"):
            return self._instance_class(bound_module, call, depth + 1)
        return self._class_of_call(bound_module, call[:-2], depth)

    def _binding(self, module: str, name: str, depth: int) -> tuple[str, str] | None:
        facts = self.resolver.modules.get(module)
        if facts is None or depth > _MAX_DEPTH or "." in name:
            return None
        if name in facts.assigns:
            return module, facts.assigns[name]
        target = facts.imports.get(name)
        if target is None or target[1] is None:
            return None
        found = self.resolver.find_module(target[0] or "", module)
        return self._binding(found, target[1], depth + 1) if found else None

    def _class_of_call(self, module: str, callee: str, depth: int) -> Symbol | None:
        symbol = self.resolver.resolve(module, callee)
        if symbol in self.classes:
            return symbol
        if symbol is not None and symbol.name is not None:
            returned = self.resolver.modules[symbol.module].return_types.get(symbol.name)
            if returned:
                found = self.resolver.resolve(symbol.module, returned.strip("'\""))
                return found if found in self.classes else None
        owner = callee.rpartition(".")[0]  # ``Settings.from_env()``: a class method
        return (
            self._class_of_call(module, owner, depth + 1) if owner and depth < _MAX_DEPTH else None
        )

    def _class_default(self, symbol: Symbol, attribute: str, depth: int) -> str | None:
        cls = self.classes[symbol]
        for attr in cls.attrs:
            if attr.name == attribute:
                text = (
                    attr.args[0]
                    if attr.call == "Field" and attr.args
                    else attr.kwargs.get("default")
                )
                value = literal(text if attr.call == "Field" else attr.value)
                return value if isinstance(value, str) else None
        for base in cls.bases:
            resolved = self.resolver.resolve(symbol.module, base)
            if resolved in self.classes and depth < _MAX_DEPTH:
                found = self._class_default(resolved, attribute, depth + 1)
                if found is not None:
                    return found
        return None
