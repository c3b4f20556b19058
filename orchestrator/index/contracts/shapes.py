"""Whether a Python type and a TypeScript type describe the same JSON value.

Both sides are `facts.Shape` trees. ``any`` matches everything; a TypeScript alias
(``type Role = "admin" | "member"``) is expanded; ``Date`` counts as a string (JSON has
no dates); a reference to a Python class the index does not know as a schema (an enum,
a custom type) matches anything; a schema reference matches the TypeScript type it is
paired with, or one whose name has the same `naming.type_key`, or an inline object.
Unions match when every member of one side matches some member of the other.
"""

from __future__ import annotations

from orchestrator.index.answer.naming import type_key
from orchestrator.index.facts import Shape, TsType

_MAX_DEPTH = 8


def strip_null(shape: Shape) -> Shape:
    """The shape without ``null``/``undefined`` members (nullability is checked apart)."""
    if shape[0] != "union":
        return shape
    rest = [m for m in shape[1] if m[0] not in ("null", "undefined")]
    if not rest:
        return ["null"]
    return rest[0] if len(rest) == 1 else ["union", rest]


class ShapeMatcher:
    def __init__(
        self, ts_types: list[TsType], pairs: dict[str, str], schemas: set[str] | None = None
    ) -> None:
        self.aliases = {
            t.name: t.shape for t in ts_types if t.shape is not None and not t.properties
        }
        self.pairs = pairs
        self.schemas = schemas if schemas is not None else set(pairs)

    def compatible(self, python: Shape, ts: Shape, depth: int = 0) -> bool:
        ts = self._expand(ts, depth)
        if depth > _MAX_DEPTH or python[0] == "any" or ts[0] == "any":
            return True
        if python[0] == "union" or ts[0] == "union":
            return self._unions(python, ts, depth)
        if python[0] == "ref":
            return self._reference(python[1], ts)
        if python[0] in ("array", "record"):
            if ts[0] == python[0]:
                return self.compatible(strip_null(python[1]), strip_null(ts[1]), depth + 1)
            return ts[0] == "object" or (python[0] == "record" and ts[0] == "ref")
        if python[0] == "lit":
            return (ts[0] == "lit" and ts[1] == python[1]) or ts[0] == _primitive(python[1])
        if ts[0] == "lit":
            return _primitive(ts[1]) == python[0]
        return python[0] == ts[0] or (python[0] == "object" and ts[0] in ("ref", "record"))

    def describe(self, shape: Shape) -> str:
        if shape[0] == "union":
            return " | ".join(self.describe(m) for m in shape[1])
        if shape[0] == "array":
            return f"{self.describe(shape[1])}[]"
        if shape[0] == "record":
            return f"Record<string, {self.describe(shape[1])}>"
        if shape[0] == "lit":
            return repr(shape[1])
        if shape[0] == "ref":
            return self.pairs.get(shape[1], shape[1])
        return shape[0]

    def _expand(self, ts: Shape, depth: int) -> Shape:
        while ts[0] == "ref" and depth <= _MAX_DEPTH:
            if ts[1] == "Date":
                return ["string"]
            alias = self.aliases.get(ts[1])
            if alias is None:
                return ts
            ts, depth = strip_null(alias), depth + 1
        return ts

    def _unions(self, python: Shape, ts: Shape, depth: int) -> bool:
        left = python[1] if python[0] == "union" else [python]
        right = ts[1] if ts[0] == "union" else [ts]
        forward = all(any(self.compatible(a, b, depth + 1) for b in right) for a in left)
        backward = all(any(self.compatible(a, b, depth + 1) for a in left) for b in right)
        return forward or backward

    def _reference(self, name: str, ts: Shape) -> bool:
        if name not in self.schemas:
            return True  # an enum or a type the index does not know: not judged
        if ts[0] == "object":
            return True
        if ts[0] != "ref":
            return False
        return self.pairs.get(name) == ts[1] or ts[1] == name or type_key(ts[1]) == type_key(name)


def _primitive(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string"
