"""Paths and prefixes as the parser keeps them: string templates, evaluated later.

An expression becomes a template: literal text as is, and each reference between
`MARK` characters (``f"{settings.API_V1_STR}/users"`` becomes
``"\\x00settings.API_V1_STR\\x00/users"``). What a reference stands for needs the other
modules, so the linker evaluates it (`orchestrator.index.link.static_strings`).
"""

from __future__ import annotations

import ast

from orchestrator.index.python.source_text import SourceText, dotted_name, string_value

MARK = "\x00"


def template_of(node: ast.expr | None, src: SourceText) -> str | None:
    """The template of a string expression; None when there is no expression."""
    if node is None:
        return None
    text = string_value(node)
    if text is not None:
        return text
    if isinstance(node, ast.JoinedStr):
        return "".join(_joined_part(v, src) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (template_of(node.left, src) or "") + (template_of(node.right, src) or "")
    return f"{MARK}{dotted_name(node) or src.of(node)}{MARK}"


def _joined_part(node: ast.expr, src: SourceText) -> str:
    if isinstance(node, ast.FormattedValue):
        return template_of(node.value, src) or ""
    return string_value(node) or ""
