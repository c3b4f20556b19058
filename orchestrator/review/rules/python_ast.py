"""Parsing the changed Python files once, for the rules that walk their syntax trees."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from orchestrator.review.context import ReviewContext


def parsed_files(ctx: ReviewContext) -> Iterator[tuple[str, ast.Module]]:
    """(path, tree) for each changed Python file with added lines that parses, parsed once."""
    for path in ctx.files(".py"):
        if not ctx.added(path):
            continue
        if path not in ctx.parsed:
            ctx.parsed[path] = _parse(ctx, path)
        tree = ctx.parsed[path]
        if tree is not None:
            yield path, tree


def _parse(ctx: ReviewContext, path: str) -> ast.Module | None:
    try:
        return ast.parse(ctx.read(path), filename=path)
    except (SyntaxError, ValueError):
        return None  # ruff reports the syntax error itself


def call_name(node: ast.Call) -> str:
    """`text` for text(...), `execute` for db.execute(...)."""
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""
