"""Slotted dataclasses to compact JSON rows and back, without validation.

A dataclass becomes the list of its field values in declaration order; lists and dicts of
dataclasses are encoded element by element. For each class an encoder and a decoder are
generated once from its type hints (as `dataclasses` generates ``__init__``), so loading
ten thousand routes costs one constructor call per object and no per-field dispatch.
The cache that uses this is versioned by `layout_signature`, which changes whenever a
field is added, removed or retyped, so an old cache is never decoded into new classes.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from typing import Any

Coder = Callable[[Any], Any]
_COMPILED: dict[tuple[str, Any], Coder] = {}


def encoder(cls: type) -> Coder:
    """A function turning an instance of ``cls`` into JSON-able lists."""
    return _compiled("encode", cls)


def decoder(cls: type) -> Coder:
    """A function turning what `encoder` produced back into an instance of ``cls``."""
    return _compiled("decode", cls)


def encode(value: Any) -> Any:
    return encoder(type(value))(value)


def _compiled(kind: str, cls: type) -> Coder:
    key = (kind, cls)
    if key not in _COMPILED:
        namespace: dict[str, Any] = {}
        expression = (_encode_expr if kind == "encode" else _decode_expr)(cls, "v", namespace, 0)
        exec(f"def coder(v):\n    return {expression or 'v'}\n", namespace)  # noqa: S102
        _COMPILED[key] = namespace["coder"]
    return _COMPILED[key]


def _encode_expr(tp: Any, var: str, ns: dict[str, Any], depth: int) -> str | None:
    """Python source that encodes ``var`` of type ``tp``; None when it is JSON already."""
    if isinstance(tp, type) and is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        parts = [
            _encode_expr(hints[f.name], f"{var}.{f.name}", ns, depth + 1) or f"{var}.{f.name}"
            for f in fields(tp)
        ]
        return "[" + ", ".join(parts) + "]"
    return _container_expr(tp, var, ns, depth, _encode_expr)


def _decode_expr(tp: Any, var: str, ns: dict[str, Any], depth: int) -> str | None:
    if isinstance(tp, type) and is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        name = f"C{depth}_{tp.__name__}"
        ns[name] = tp
        parts = [
            _decode_expr(hints[f.name], f"{var}[{i}]", ns, depth + 1) or f"{var}[{i}]"
            for i, f in enumerate(fields(tp))
        ]
        return f"{name}(" + ", ".join(parts) + ")"
    return _container_expr(tp, var, ns, depth, _decode_expr)


def _container_expr(
    tp: Any, var: str, ns: dict[str, Any], depth: int, element: Callable[..., str | None]
) -> str | None:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    item = f"x{depth}"
    if origin is list and args:
        inner = element(args[0], item, ns, depth + 1)
        return None if inner is None else f"[{inner} for {item} in {var}]"
    if origin is dict and len(args) == 2:
        inner = element(args[1], item, ns, depth + 1)
        return (
            None
            if inner is None
            else f"{{k{depth}: {inner} for k{depth}, {item} in {var}.items()}}"
        )
    if origin in (types.UnionType, typing.Union):
        kept = [a for a in args if a is not type(None)]
        inner = element(kept[0], var, ns, depth + 1) if len(kept) == 1 else None
        return None if inner is None else f"(None if {var} is None else {inner})"
    return None


def plain_layout(tp: Any) -> Any:
    """How to read what `encoder` made of ``tp`` without the classes (`cache.plain_rows`): None
    for JSON as it is, ``{"name", "fields", "nested"}`` for a dataclass (``nested``: the
    layouts of its fields that are not plain, by position), ``["list" | "dict" | "optional",
    layout]`` for a container of what needs reading. Mirrors `_container_expr`."""
    if isinstance(tp, type) and is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        nested = {}
        for i, f in enumerate(fields(tp)):
            inner = plain_layout(hints[f.name])
            if inner is not None:
                nested[str(i)] = inner
        return {"name": tp.__name__, "fields": [f.name for f in fields(tp)], "nested": nested}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and args:
        inner = plain_layout(args[0])
        return None if inner is None else ["list", inner]
    if origin is dict and len(args) == 2:
        inner = plain_layout(args[1])
        return None if inner is None else ["dict", inner]
    if origin in (types.UnionType, typing.Union):
        kept = [a for a in args if a is not type(None)]
        inner = plain_layout(kept[0]) if len(kept) == 1 else None
        return None if inner is None else ["optional", inner]
    return None


def layout_signature(*classes: type) -> str:
    """A short hash of the field names and types of ``classes`` and the dataclasses they hold."""
    import hashlib  # lazy: ~3 ms, and only the check of `cache.store.LAYOUT` hashes

    seen: dict[str, str] = {}
    pending = list(classes)
    while pending:
        cls = pending.pop()
        if cls.__qualname__ in seen:
            continue
        hints = typing.get_type_hints(cls)
        seen[cls.__qualname__] = ",".join(f"{f.name}:{hints[f.name]}" for f in fields(cls))
        pending.extend(_nested_dataclasses(hints.values()))
    text = ";".join(f"{k}({v})" for k, v in sorted(seen.items()))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _nested_dataclasses(hints: Any) -> list[type]:
    found: list[type] = []
    for hint in hints:
        for candidate in (hint, *_all_args(hint)):
            if isinstance(candidate, type) and is_dataclass(candidate):
                found.append(candidate)
    return found


def _all_args(tp: Any) -> list[Any]:
    args = list(typing.get_args(tp))
    return args + [nested for a in args for nested in _all_args(a)]
