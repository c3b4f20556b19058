"""SQL built from strings: an f-string, `+`/`%`, `.format()` or `.join()` passed to `text()`
or `execute()`, directly or through a variable or a module constant. Always BLOCK (ruff's
S608 catches the same in plain string literals).

Names are followed through every assignment in the file (`q = f"..."`, `q += name`,
`Q = "SELECT ... {}"` at module level), without regard to order or scope: a name that is
ever bound to a built string counts as built. The finding is reported when the change adds
the call or any line that builds its argument.
"""

from __future__ import annotations

import ast
from collections import defaultdict

from orchestrator.review.catalog import SQL_STRING
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.rules.python_ast import any_word, call_name, parsed_files

SQL_SINKS = {"text", "execute", "exec_driver_sql", "executescript", "executemany"}
SINK_NAMES = any_word(SQL_SINKS)  # a file that names no sink (nor imports one) has no finding
MAX_DEPTH = 8  # how many assignments deep a name is followed

Bindings = dict[str, list[ast.expr]]


def check(ctx: ReviewContext) -> list[Finding]:
    found = []
    for path, tree in parsed_files(ctx, SINK_NAMES):
        added = ctx.added(path)
        calls, bindings, aliases = _read_tree(tree)
        sinks = SQL_SINKS | aliases
        for node in calls:
            if call_name(node) not in sinks:
                continue
            built = {line for arg in _statement_args(node) for line in built_lines(arg, bindings)}
            if built and (node.lineno in added or built & added):
                found.append(_finding(ctx, path, node))
    return found


def _read_tree(tree: ast.Module) -> tuple[list[ast.Call], Bindings, set[str]]:
    """In one walk: every call, every value each simple name is bound to (`x += v` as
    `x + v`), and the names a sink is imported under (`from sqlalchemy import text as sql`)."""
    calls: list[ast.Call] = []
    bound: Bindings = defaultdict(list)
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            calls.append(node)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound[target.id].append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
            if isinstance(node.target, ast.Name):
                bound[node.target.id].append(node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            grown = ast.BinOp(ast.Name(node.target.id, ast.Load()), node.op, node.value)
            bound[node.target.id].append(ast.copy_location(grown, node))
        elif isinstance(node, ast.ImportFrom):
            aliases |= {a.asname for a in node.names if a.name in SQL_SINKS and a.asname}
    return calls, bound, aliases


def _statement_args(node: ast.Call) -> list[ast.expr]:
    """Where a sink takes its SQL: the first positional argument, or any keyword."""
    return node.args[:1] + [keyword.value for keyword in node.keywords]


def built_lines(node: ast.expr, bindings: Bindings, depth: int = 0) -> set[int]:
    """The lines where `node`'s string is built from pieces; empty when it is not built."""
    if depth > MAX_DEPTH:
        return set()
    if isinstance(node, ast.Name):
        return {
            line for value in bindings.get(node.id, []) for line in
            built_lines(value, bindings, depth + 1)
        }  # fmt: skip
    if _builds(node, bindings, depth):
        return {node.lineno}
    return set()


def _builds(node: ast.expr, bindings: Bindings, depth: int) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _stringy(node.left, bindings, depth) or _stringy(node.right, bindings, depth)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        method, receiver = node.func.attr, node.func.value
        if method not in ("format", "join"):
            return False
        if isinstance(receiver, ast.Name) and receiver.id == "str" and node.args:
            receiver = node.args[0]  # str.format(Q, value), str.join(sep, parts)
        return _stringy(receiver, bindings, depth)
    return False


def _stringy(node: ast.expr, bindings: Bindings, depth: int) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Name) and depth < MAX_DEPTH:
        return any(_stringy(v, bindings, depth + 1) for v in bindings.get(node.id, []))
    return _builds(node, bindings, depth + 1)


def _finding(ctx: ReviewContext, path: str, node: ast.Call) -> Finding:
    return ctx.finding(
        SQL_STRING,
        "block",
        path,
        node.lineno,
        f"SQL passed to {call_name(node)}() is built from strings",
        "use bound parameters: text('... WHERE id = :id') with "
        "{'id': value}, or the SQLAlchemy query builder",
    )
