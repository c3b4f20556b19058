"""The source text of an AST node, cut from the file's bytes without re-reading it.

``ast.get_source_segment`` splits the whole file into lines on every call, which makes a
large module quadratic; this keeps the line offsets once per file. A text cut out again
(the same annotation on every handler of a router) is the string cut the first time: the
index of a large project keeps tens of thousands of them.
"""

from __future__ import annotations

import ast
from itertools import accumulate
from typing import Any


class SourceText:
    __slots__ = ("_data", "_starts", "_texts", "read")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._starts: list[int] | None = None
        self._texts: dict[str, str] = {}
        self.read: dict[bytes, Any] = {}  # what a reader made of a span of text (`span`)

    def of(self, node: ast.AST | None) -> str | None:
        """The node's text: dotted names directly, one-line nodes sliced, others unparsed."""
        if node is None:
            return None
        kind = type(node)
        if kind is ast.Name:
            return node.id  # type: ignore[attr-defined]
        if kind is ast.Attribute:
            dotted = dotted_name(node)
            if dotted is not None:
                return dotted
        lineno = node.lineno  # type: ignore[attr-defined]
        if lineno != node.end_lineno:  # type: ignore[attr-defined]
            text = ast.unparse(node)
        else:
            starts = self._starts if self._starts is not None else self._line_starts()
            start = starts[lineno - 1]
            text = self._data[
                start + node.col_offset : start
                + node.end_col_offset  # type: ignore[attr-defined]
            ].decode("utf-8", "replace")
        return self._texts.setdefault(text, text)

    def span(self, first: ast.AST, last: ast.AST) -> bytes | None:
        """The source from the start of `first` to the end of `last`, when both are on one
        line: the same text always reads the same, so a reader may keep what it made of
        it in `read`."""
        lineno = first.lineno  # type: ignore[attr-defined]
        if lineno != last.end_lineno:  # type: ignore[attr-defined]
            return None
        starts = self._starts if self._starts is not None else self._line_starts()
        line = starts[lineno - 1]
        end = last.end_col_offset  # type: ignore[attr-defined]
        return self._data[line + first.col_offset : line + end]

    def _line_starts(self) -> list[int]:
        lines = self._data.splitlines(keepends=True)
        self._starts = [0, *accumulate(map(len, lines))]
        return self._starts


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of attributes on a name; None for anything else. (The parser
    makes no subclasses of node types: exact types are checked, which is faster.)"""
    kind = type(node)
    if kind is ast.Name:
        return node.id  # type: ignore[attr-defined]
    parts: list[str] = []
    while kind is ast.Attribute:
        parts.append(node.attr)  # type: ignore[attr-defined]
        node = node.value  # type: ignore[attr-defined]
        kind = type(node)
    if kind is not ast.Name:
        return None
    parts.append(node.id)  # type: ignore[attr-defined]
    return ".".join(reversed(parts))


def last_segment(name: str | None) -> str | None:
    return None if name is None else name.rpartition(".")[2]


def string_value(node: ast.AST | None) -> str | None:
    if type(node) is ast.Constant and type(node.value) is str:  # type: ignore[attr-defined]
        return node.value  # type: ignore[attr-defined]
    return None
