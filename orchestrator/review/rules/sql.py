"""SQL built from strings: an f-string, `+`/`%` or `.format()` passed to `text()` or
`execute()`. Always BLOCK (ruff's S608 catches the same in plain string literals)."""

from __future__ import annotations

import ast

from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.rules.python_ast import call_name, parsed_files

RULE = "QA-SQL-STRING"
SQL_SINKS = {"text", "execute", "exec_driver_sql", "executescript", "executemany"}


def check(ctx: ReviewContext) -> list[Finding]:
    found = []
    for path, tree in parsed_files(ctx):
        added = ctx.added(path)
        for node in ast.walk(tree):
            if _built_sql(node) and node.lineno in added:
                found.append(
                    ctx.finding(
                        RULE,
                        "block",
                        path,
                        node.lineno,
                        f"SQL passed to {call_name(node)}() is built from strings",
                        "use bound parameters: text('... WHERE id = :id') with "
                        "{'id': value}, or the SQLAlchemy query builder",
                    )
                )
    return found


def _built_sql(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or call_name(node) not in SQL_SINKS or not node.args:
        return False
    return is_built_string(node.args[0])


def is_built_string(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _stringy(node.left) or _stringy(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _stringy(node.func.value)
    return False


def _stringy(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, ast.JoinedStr | ast.BinOp) and (
        isinstance(node, ast.JoinedStr) or is_built_string(node)
    )
