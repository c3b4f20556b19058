"""Async handlers that block the event loop, and awaited queries inside loops (N+1).

``QA-ASYNC-BLOCKING``: a sync SQLAlchemy `Session`, `.query()`, `time.sleep`, `requests`,
`open()` or `subprocess` inside an `async def`. ``QA-N-PLUS-ONE``: an awaited
`execute`/`scalar(s)`/`get`/`refresh` inside a `for`/`while` loop of an `async def`.
"""

from __future__ import annotations

import ast

from orchestrator.review.catalog import ASYNC_BLOCKING, N_PLUS_ONE
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.rules.python_ast import any_word, call_name, dotted, parsed_files

BLOCKING_CALLS = {
    "time.sleep",
    "requests.get",
    "requests.post",
    "requests.put",
    "requests.patch",
    "requests.delete",
    "requests.request",
    "urllib.request.urlopen",
    "urlopen",
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_output",
    "open",
    "Session",  # stands for its queries, which block
}  # not `create_engine` or `sessionmaker`: neither connects until a session is used
QUERY_CALLS = {"execute", "scalar", "scalars", "get", "refresh", "scalar_one", "stream"}
ASYNC = any_word(["async"])  # both findings are inside an `async def`


def check(ctx: ReviewContext) -> list[Finding]:
    found: list[Finding] = []
    for path, tree in parsed_files(ctx, ASYNC):
        added = ctx.added(path)
        for func in ast.walk(tree):
            if isinstance(func, ast.AsyncFunctionDef):
                found += [f for f in _in_async(ctx, path, func) if f.line in added]
    return found


def _in_async(ctx: ReviewContext, path: str, func: ast.AsyncFunctionDef) -> list[Finding]:
    found = [_sync_session_param(ctx, path, arg) for arg in func.args.args]
    for node in _own_nodes(func):
        if isinstance(node, ast.Call):
            found.append(_blocking_call(ctx, path, node))
        if isinstance(node, ast.For | ast.While | ast.AsyncFor):
            found += [_loop_query(ctx, path, n) for n in _own_nodes(node)]
    return [f for f in found if f is not None]


def _own_nodes(node: ast.AST) -> list[ast.AST]:
    """Nodes under `node`, not descending into nested function definitions."""
    out: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        out.append(child)
        stack.extend(ast.iter_child_nodes(child))
    return out


def _sync_session_param(ctx: ReviewContext, path: str, arg: ast.arg) -> Finding | None:
    if arg.annotation is None or dotted(arg.annotation).rpartition(".")[2] != "Session":
        return None
    return ctx.finding(
        ASYNC_BLOCKING,
        "error",
        path,
        arg.lineno,
        f"`{arg.arg}: Session` is a synchronous database session inside an async def",
        "use sqlalchemy.ext.asyncio.AsyncSession (the project's DbSession) and await it",
    )


def _blocking_call(ctx: ReviewContext, path: str, node: ast.Call) -> Finding | None:
    name = dotted(node.func)
    if name in BLOCKING_CALLS or call_name(node) == "query":
        return ctx.finding(
            ASYNC_BLOCKING,
            "error",
            path,
            node.lineno,
            f"`{name or call_name(node)}(...)` blocks the event loop inside an async def",
            "use the async equivalent (AsyncSession, httpx.AsyncClient, asyncio.sleep, "
            "anyio) or run it with `await run_in_threadpool(...)`",
        )
    return None


def _loop_query(ctx: ReviewContext, path: str, node: ast.AST) -> Finding | None:
    if not isinstance(node, ast.Await) or not isinstance(node.value, ast.Call):
        return None
    if call_name(node.value) not in QUERY_CALLS:
        return None
    return ctx.finding(
        N_PLUS_ONE,
        "error",
        path,
        node.lineno,
        f"awaited `{call_name(node.value)}()` inside a loop: one query per item (N+1)",
        "load everything in one query (WHERE id IN (...), selectinload/joinedload) before the loop",
    )
