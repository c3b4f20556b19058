"""Parsing the changed Python files once, for the rules that walk their syntax trees."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator

from orchestrator.review.context import ReviewContext


def parsed_files(
    ctx: ReviewContext, names: re.Pattern[str] | None = None
) -> Iterator[tuple[str, ast.Module]]:
    """(path, tree) for each changed Python file with added lines that parses, parsed once.

    A rule that can report only where one of some `names` is written passes them: a file
    whose text is ASCII and spells none of them as a whole word has no such name in its
    tree, and is left unparsed for that rule. Text with other characters is always parsed,
    since Python reads some as ASCII letters (`text` spelt in fullwidth letters is `text`)."""
    for path in ctx.files(".py"):
        if not ctx.added(path):
            continue
        if path not in ctx.parsed:
            text = ctx.read(path)
            if names is not None and text.isascii() and names.search(text) is None:
                continue
            ctx.parsed[path] = _parse(text, path)
        tree = ctx.parsed[path]
        if tree is not None:
            yield path, tree


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of `words` written as a whole word (for `parsed_files`)."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b")


def _parse(text: str, path: str) -> ast.Module | None:
    try:
        return ast.parse(text, filename=path)
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
