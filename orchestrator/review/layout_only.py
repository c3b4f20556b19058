"""Whether a changed source file changed only in comments and layout.

QA-TESTS-MISSING asks for a test when code changes. A change that rewords a comment,
re-wraps a line or reformats a file runs exactly as before, so it needs no test. Python is
compared by its syntax tree (docstrings stay part of it: FastAPI publishes them as
descriptions); TypeScript and JavaScript by their tokens without comments, as tree-sitter
reads them. Anything that does not parse, on either side, counts as changed, and so does
every other kind of file (a ``.vue`` template has no such reading here).
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator
from typing import Any

_SCRIPT_GRAMMARS = {
    ".ts": False,
    ".js": False,
    ".mjs": False,
    ".cjs": False,
    ".tsx": True,
    ".jsx": True,
}
_COMMENT = "comment"
# Comments that bundlers obey, so that changing one changes what runs: `/*#__PURE__*/`
# lets a minifier drop a call, `/** @jsx h */` picks the function JSX calls, and
# `/* webpackIgnore: true */` or `/* @vite-ignore */` changes what an import loads.
_DIRECTIVE = re.compile(rb"[@#]__[A-Z_]+__|@jsx|webpack[A-Z]|@vite-ignore")


def layout_only(path: str, base: bytes, head: bytes) -> bool:
    """True when `head` runs as `base` does: only comments, blank lines or layout differ."""
    if base == head:
        return True
    if path.endswith(".py"):
        return _same_python(base, head)
    for suffix, tsx in _SCRIPT_GRAMMARS.items():
        if path.endswith(suffix):
            return _same_script(base, head, tsx)
    return False


def _same_python(base: bytes, head: bytes) -> bool:
    before, after = _python_tree(base), _python_tree(head)
    return before is not None and before == after


def _python_tree(source: bytes) -> str | None:
    try:
        with warnings.catch_warnings():  # a file's invalid escapes are not the review's to print
            warnings.simplefilter("ignore")
            return ast.dump(ast.parse(source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _same_script(base: bytes, head: bytes, tsx: bool) -> bool:
    from orchestrator.index.typescript.parser import script_parser  # lazy: tree-sitter

    parser = script_parser(tsx)
    before, after = parser.parse(base).root_node, parser.parse(head).root_node
    if before.has_error or after.has_error:
        return False
    return list(_tokens(before)) == list(_tokens(after))


def _tokens(root: Any) -> Iterator[tuple[str, bytes | int]]:
    """The tree in order, comments left out (but those bundlers obey): each leaf as its kind and text, each other node
    as its kind and number of children, so that the same words read another way (a line
    break after ``return``) differ. Iterative: a generated file can nest deeper than
    Python's recursion allows."""
    pending = [root]
    while pending:
        node = pending.pop()
        if node.child_count == 0:
            yield node.type, node.text
            continue
        children = [child for child in node.children if not _layout(child)]
        yield node.type, len(children)
        pending.extend(reversed(children))


def _layout(node: Any) -> bool:
    """A comment that only people read (see `_DIRECTIVE`)."""
    return node.type == _COMMENT and _DIRECTIVE.search(node.text) is None
