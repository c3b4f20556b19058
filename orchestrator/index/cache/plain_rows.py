"""The ready cache read back for one question, without the fact classes.

A question asked for the first time of a build is answered from the ready cache
(`store`). Decoding it into the fact dataclasses needs `dataclasses`, `typing` and the
classes themselves (~30 ms before the first row); an answer only reads the facts'
attributes. So `plain_index` reads the same files, each section decoded when first used
as `store` does, into plain rows: objects of one small class per fact class, with the
same attribute names and values, built from the layout each section's header holds
(`codec.plain_layout`). What a row is not — a dataclass, equal only to a fact of its own
class — no answer asks of a fact.

It reads ``ready-summary.json`` (the build id, heads and stats) rather than ``ready.json``
and its manifest of every file; every file must be of `build`, the build the caller has
just found current (`verified.current_build`), or the answer takes the full way.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Callable
from operator import itemgetter

from orchestrator import collector
from orchestrator.index.cache.format import cache_format
from orchestrator.index.cache.sections import all_rows, picked_rows
from orchestrator.index.project_index import SECTION_NAMES, ProjectIndex
from project_state.cache_folder import CACHE_ROOT
from project_state.cache_trust import cache_trusted

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    Reader = Callable[[Any], Any]
    Keep = Callable[[str, list[str]], bool]

SUMMARY = "ready-summary.json"
DECODE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError)


class PlainFact(tuple):
    """A fact read without its class: its fields as attributes, nothing more. As in a
    `namedtuple`, it is the tuple of the row's values and each field is a property that
    reads its place: a fact is made in one call, without a dict of its own."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._asdict()!r})"


def plain_index(
    repo_root: str, build: str, rebuild: Callable[[], ProjectIndex]
) -> ProjectIndex | None:
    """The ready index of `build` in plain rows; None when a file is missing, of another
    build or format, or not as expected. A section that cannot be decoded comes from
    `rebuild` when first read, as in `store.IndexCache.ready_index`."""
    if not cache_trusted(repo_root):  # `build` came from a trusted check; this one is memoised
        return None
    folder = os.path.join(repo_root, CACHE_ROOT, "index")
    try:
        with open(os.path.join(folder, SUMMARY), "rb") as handle:
            summary = json.loads(handle.read())
        if summary["format"] != cache_format() or summary["build"] != build:
            return None
        if summary["root"] != repo_root:
            return None
        stats = reader(summary["stats_layout"])(summary["stats"])
        loaders, picker = {}, None
        for name in SECTION_NAMES:
            text = _section_text(folder, name, build)
            if text is None:
                return None
            loaders[name] = _section_loader(text, name, rebuild)
            if name == "routes":
                picker = _route_picker(text, rebuild)
    except (OSError, *DECODE_ERRORS):
        return None
    return ProjectIndex.deferred(repo_root, list(summary["heads"]), stats, loaders, picker)


def reader(layout: Any) -> Reader:
    """A function reading what the cache's encoder wrote, as `layout` describes it."""
    if layout is None:
        return _as_it_is
    if isinstance(layout, dict):
        return _fact_reader(layout)
    kind, inner = layout
    read = reader(inner)
    if kind == "list":
        return lambda value: [read(item) for item in value]
    if kind == "dict":
        return lambda value: {key: read(item) for key, item in value.items()}
    if kind == "optional":
        return lambda value: None if value is None else read(value)
    raise ValueError(f"unknown layout {kind!r}")


def _fact_reader(layout: dict[str, Any]) -> Reader:
    names = tuple(str(name) for name in layout["fields"])
    fields = {name: property(itemgetter(i)) for i, name in enumerate(names)}
    cls = type(str(layout["name"]), (PlainFact,), {"__slots__": (), "_fields": names, **fields})
    nested = [(int(i), reader(inner)) for i, inner in layout["nested"].items()]
    size, new = len(names), tuple.__new__

    def read(row: list[Any]) -> Any:
        if len(row) != size:
            raise ValueError(f"a {cls.__name__} row of {len(row)} fields, not {size}")
        for i, read_nested in nested:
            row[i] = read_nested(row[i])
        return new(cls, row)

    return read


def _as_it_is(value: Any) -> Any:
    return value


def _section_text(folder: str, name: str, build: str) -> mmap.mmap | None:
    """The section file mapped, not read: a question reads a few of its rows.

    The cache's files are replaced, never rewritten in place (`project_state.atomic`),
    so the mapped file does not change under the reader."""
    try:
        with open(os.path.join(folder, f"ready-{name}.json"), "rb") as handle:
            text = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: an empty file, which cannot be mapped
        return None
    prefix = f'{{"build":"{build}",'.encode()
    return text if text[: len(prefix)] == prefix else None


def _section_loader(
    text: mmap.mmap, name: str, rebuild: Callable[[], ProjectIndex]
) -> Callable[[], list[Any]]:
    def load() -> list[Any]:
        try:
            header, rows = all_rows(text)
            return _decoded(header["layout"], rows)
        except DECODE_ERRORS:  # a damaged section: rebuild rather than fail
            return rebuild().section(name)

    return load


def _route_picker(text: mmap.mmap, rebuild: Callable[[], ProjectIndex]) -> Any:
    """The routes whose path and tags pass a test, reading only their rows."""

    def pick(keep: Keep, mentions: tuple[str, ...] | None) -> list[Any]:
        try:
            header, rows = picked_rows(text, keep, mentions)
            return _decoded(header["layout"], rows)
        except DECODE_ERRORS:
            return [r for r in rebuild().routes if keep(r.path, r.tags)]

    return pick


def _decoded(layout: Any, lines: list[bytes]) -> list[Any]:
    """Rows, one JSON document a line, read with the collector paused (as `store` does)."""
    rows = json.loads(b"[" + b",".join(lines) + b"]")
    read = reader(layout)
    with collector.paused():
        return [read(row) for row in rows]
