"""TypeScript declarations with their ``extends`` resolved into inherited properties.

A base is looked up by name in the same file first, then in any other file (in path
order), as an import of that name would usually find it. A property the type declares
itself overrides the base's property of the same name.
"""

from __future__ import annotations

from orchestrator.index.facts import TsProperty, TsType


class TsLinker:
    def __init__(self, types: list[TsType]) -> None:
        self.types = types
        self._by_name: dict[str, list[TsType]] = {}
        for declared in types:
            self._by_name.setdefault(declared.name, []).append(declared)
        self._resolved: dict[int, list[TsProperty]] = {}

    def link(self) -> list[TsType]:
        return [self._linked(t) for t in self.types]

    def _linked(self, declared: TsType) -> TsType:
        if not declared.extends:
            return declared
        return TsType(
            name=declared.name,
            kind=declared.kind,
            file=declared.file,
            line=declared.line,
            exported=declared.exported,
            extends=declared.extends,
            properties=self.properties(declared),
            alias=declared.alias,
            shape=declared.shape,
        )

    def properties(self, declared: TsType) -> list[TsProperty]:
        key = id(declared)
        if key in self._resolved:
            return self._resolved[key]
        self._resolved[key] = list(declared.properties)  # breaks cycles
        merged: dict[str, TsProperty] = {}
        for name in declared.extends:
            base = self.find(name, declared.file)
            if base is not None and base is not declared:
                merged.update({p.name: _inherited(p, base.name) for p in self.properties(base)})
        merged.update({p.name: p for p in declared.properties})
        self._resolved[key] = list(merged.values())
        return self._resolved[key]

    def find(self, name: str, near_file: str) -> TsType | None:
        candidates = self._by_name.get(name, [])
        same_file = [c for c in candidates if c.file == near_file]
        return (same_file or candidates or [None])[0]


def _inherited(prop: TsProperty, owner: str) -> TsProperty:
    if prop.inherited_from is not None:
        return prop
    return TsProperty(
        prop.name, prop.type, prop.shape, prop.optional, prop.readonly, prop.file, prop.line, owner
    )
