"""Idempotent insertions into files a person wrote: an import, a name, a call, a field.

Python is edited through its concrete syntax tree (libcst), which keeps the file's own
formatting, comments and parentheses: a parenthesised, multi-line import gets the new
name on a line of its own. A file that does not parse is never edited (`LayoutError`).
TypeScript blocks are edited by lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from typing import TypeVar

import libcst as cst
from libcst.helpers import get_full_name_for_node

from orchestrator.engines.offline.layout import LayoutError

ItemT = TypeVar("ItemT", cst.ImportAlias, cst.Element)


def add_import(text: str, module: str, name: str) -> str:
    """`from module import name`, merged into an existing top-level import of `module`."""
    tree = parse_python(text)
    for statement in tree.body:
        found = _import_from(statement, module)
        if found is None:
            continue
        if isinstance(found.names, cst.ImportStar) or name in _bound_names(found):
            return text
        aliases = found.names
        at = _sorted_at([a.evaluated_name for a in aliases], name, _import_order)
        opening = found.lpar.whitespace_after if found.lpar else None
        merged = _inserted(aliases, at, cst.ImportAlias(name=cst.Name(name)), opening)
        return tree.deep_replace(found, found.with_changes(names=merged)).code
    return _after_imports(tree, cst.parse_statement(f"from {module} import {name}\n")).code


def add_to_all(text: str, name: str) -> str:
    """`name` added, in order, to a top-level `__all__ = [...]` list of strings."""
    tree = parse_python(text)
    listed = next((found for s in tree.body if (found := _all_list(s)) is not None), None)
    if listed is None:
        return text
    strings = [e.value for e in listed.elements if isinstance(e.value, cst.SimpleString)]
    names = [s.evaluated_value for s in strings]
    if name in names or len(strings) != len(listed.elements):
        return text
    quote = strings[0].quote if strings else '"'
    element = cst.Element(cst.SimpleString(f"{quote}{name}{quote}"))
    at = _sorted_at([str(n) for n in names], name, str)
    elements = _inserted(listed.elements, at, element, listed.lbracket.whitespace_after)
    return tree.deep_replace(listed, listed.with_changes(elements=elements)).code


def add_include(text: str, module_name: str, *, app_var: str | None = None) -> str:
    """`<router>.include_router(<module_name>.router…)` after the last such call, copying
    its receiver, indentation and keyword arguments (`app_var` picks the receiver)."""
    tree = parse_python(text)
    found = _IncludeCalls(module_name)
    tree.visit(found)
    if found.already:
        return text
    calls = found.calls
    if app_var is not None:
        calls = [c for c in calls if _receiver(c[1]) == app_var] or calls
    else:
        calls = [c for c in calls if _includes_a_router(c[1])] or calls
    if not calls:
        raise LayoutError("no `.include_router(...)` call to copy")
    statement, call = calls[-1]
    added = _include_like(call, module_name, app_var)
    line = statement.with_changes(
        body=[cst.Expr(added)], leading_lines=(), trailing_whitespace=cst.TrailingWhitespace()
    )
    return tree.visit(_InsertAfter(statement, line)).code


def insert_in_block(text: str, header: str, lines: list[str], *, closing: str | None = None) -> str:
    """Insert `lines` at the end of the block opened by the line starting with `header`:
    after its last annotated statement (a Python class, `class Name(`) or before
    `closing` (TypeScript)."""
    if closing is None:
        return _add_to_class(text, header, lines)
    rows = text.splitlines(keepends=True)
    start = next((i for i, row in enumerate(rows) if row.startswith(header)), None)
    if start is None:
        raise LayoutError(f"no block starting with {header!r} to add to")
    end = next((i for i in range(start + 1, len(rows)) if rows[i].rstrip() == closing), len(rows))
    return "".join([*rows[:end], *(line + "\n" for line in lines), *rows[end:]])


def parse_python(text: str) -> cst.Module:
    """The file's syntax tree; a file that does not parse is not edited."""
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise LayoutError(
            f"the file to edit does not parse as Python (line {exc.raw_line}: {exc.message}); "
            "it is left as it is"
        ) from exc


def _import_from(statement: cst.CSTNode, module: str) -> cst.ImportFrom | None:
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    for small in statement.body:
        if (
            isinstance(small, cst.ImportFrom)
            and not small.relative
            and small.module is not None
            and get_full_name_for_node(small.module) == module
        ):
            return small
    return None


def _bound_names(found: cst.ImportFrom) -> list[str]:
    names = found.names if isinstance(found.names, Sequence) else ()
    return [a.evaluated_alias or a.evaluated_name for a in names]


def _import_order(name: str) -> tuple[bool, str]:
    return name[:1].islower(), name


def _sorted_at(names: list[str], name: str, key: Callable[[str], object]) -> int:
    """Where `name` goes: in order when the names are in order, else at the end."""
    keys = [key(n) for n in names]
    if keys != sorted(keys):  # type: ignore[type-var]
        return len(names)
    return sum(1 for k in keys if k < key(name))  # type: ignore[operator]


def _inserted(
    items: Sequence[ItemT], at: int, new: ItemT, opening: cst.BaseParenthesizableWhitespace | None
) -> list[ItemT]:
    """`items` with `new` at `at`, separated as the items already are (same line or one
    per line, a trailing comma kept where it was)."""
    items = list(items)
    if not items:
        return [new]
    if len(items) > 1 and isinstance(items[0].comma, cst.Comma):
        separator = items[0].comma
    elif isinstance(opening, cst.ParenthesizedWhitespace):
        separator = cst.Comma(whitespace_after=opening)
    else:
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if at < len(items):
        return [*items[:at], new.with_changes(comma=separator), *items[at:]]
    last = items[-1]
    return [*items[:-1], last.with_changes(comma=separator), new.with_changes(comma=last.comma)]


def _after_imports(tree: cst.Module, statement: cst.BaseStatement) -> cst.Module:
    """`statement` after the last top-level import (after the docstring when none)."""
    imports = [i for i, s in enumerate(tree.body) if _is_import(s)]
    if imports:
        at = imports[-1] + 1
    else:
        at = 1 if tree.body and _is_docstring(tree.body[0]) else 0
    return tree.with_changes(body=[*tree.body[:at], statement, *tree.body[at:]])


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )


def _is_docstring(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _all_list(statement: cst.CSTNode) -> cst.List | None:
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    small = statement.body[0]
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target, value = small.targets[0].target, small.value
    elif isinstance(small, cst.AnnAssign):
        target, value = small.target, small.value
    else:
        return None
    named_all = isinstance(target, cst.Name) and target.value == "__all__"
    return value if named_all and isinstance(value, cst.List) else None


class _IncludeCalls(cst.CSTVisitor):
    """Every statement that is an `x.include_router(...)` call, and whether one already
    includes `<module_name>.router`. Calls under an ``if`` (a router only included in
    development) are listed only when there is no other."""

    def __init__(self, module_name: str) -> None:
        self.module_name = module_name
        self._all: list[tuple[cst.SimpleStatementLine, cst.Call, bool]] = []
        self._conditions = 0
        self.already = False

    @property
    def calls(self) -> list[tuple[cst.SimpleStatementLine, cst.Call]]:
        always = [(s, c) for s, c, conditional in self._all if not conditional]
        return always or [(s, c) for s, c, _ in self._all]

    def visit_If(self, node: cst.If) -> None:
        self._conditions += 1

    def leave_If(self, original_node: cst.If) -> None:
        self._conditions -= 1

    def visit_Call(self, node: cst.Call) -> None:
        if _is_include(node) and node.args:
            first = get_full_name_for_node(node.args[0].value)
            self.already = self.already or first == f"{self.module_name}.router"

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        small = node.body[0]
        call = small.value if len(node.body) == 1 and isinstance(small, cst.Expr) else None
        if isinstance(call, cst.Call) and _is_include(call) and call.args and _receiver(call):
            self._all.append((node, call, self._conditions > 0))


def _is_include(call: cst.Call) -> bool:
    return isinstance(call.func, cst.Attribute) and call.func.attr.value == "include_router"


def _receiver(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
        return func.value.value
    return None


def _includes_a_router(call: cst.Call) -> bool:
    first = call.args[0].value
    return isinstance(first, cst.Attribute) and first.attr.value == "router"


def _include_like(call: cst.Call, module_name: str, app_var: str | None) -> cst.Call:
    """A copy of `call` including `<module_name>.router` (on `app_var`, without keywords)."""
    func = call.func
    assert isinstance(func, cst.Attribute)
    router = call.args[0].with_changes(value=cst.parse_expression(f"{module_name}.router"))
    if app_var is None:
        return call.with_changes(args=[router, *call.args[1:]])
    return call.with_changes(
        func=func.with_changes(value=cst.Name(app_var)),
        args=[router.with_changes(comma=cst.MaybeSentinel.DEFAULT)],
    )


class _InsertAfter(cst.CSTTransformer):
    def __init__(self, anchor: cst.CSTNode, added: cst.BaseStatement) -> None:
        self.anchor = anchor
        self.added = added

    def on_leave(self, original_node, updated_node):  # type: ignore[no-untyped-def]
        if original_node is self.anchor:
            return cst.FlattenSentinel([updated_node, self.added])
        return updated_node


def _add_to_class(text: str, header: str, lines: list[str]) -> str:
    """`lines` after the last annotated statement of the top-level class `header` names
    (`class Post(`), or at the end of its body when it has none."""
    name = re.match(r"class (\w+)", header)
    tree = parse_python(text)
    cls = next(
        (s for s in tree.body if isinstance(s, cst.ClassDef) and name and s.name.value == name[1]),
        None,
    )
    if cls is None or not isinstance(cls.body, cst.IndentedBlock):
        raise LayoutError(f"no block starting with {header!r} to add to")
    added = [_statement(line) for line in lines]
    body = list(cls.body.body)
    fields = [i for i, s in enumerate(body) if _is_annotation(s)]
    at = fields[-1] + 1 if fields else len(body)
    block = cls.body.with_changes(body=[*body[:at], *added, *body[at:]])
    return tree.deep_replace(cls, cls.with_changes(body=block)).code


def _statement(line: str) -> cst.BaseStatement:
    try:
        return cst.parse_statement(line.strip() + "\n")
    except cst.ParserSyntaxError as exc:
        raise LayoutError(f"the line to add is not a Python statement: {line.strip()!r}") from exc


def _is_annotation(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and isinstance(
        statement.body[0], cst.AnnAssign
    )


def add_constructor_keywords(text: str, cls: str, names: list[str]) -> str:
    """``cls(a=data.a, …)`` gets ``name=data.name`` for each of `names` it lacks.

    Only calls that already copy a keyword from an object of the same name
    (``email=data.email``) are changed, and with that object: a call built from literals
    (a test's fixture) or from other sources is left as it is.
    """
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    data = text.encode("utf-8")  # the parser's column offsets count bytes
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    inserts: list[tuple[int, bytes]] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _called_name(call.func) != cls:
            continue
        source = _copied_from(call)
        missing = [n for n in names if n not in {k.arg for k in call.keywords}]
        if source is None or not missing:
            continue
        last = call.keywords[-1].value
        at = starts[(last.end_lineno or 1) - 1] + (last.end_col_offset or 0)
        inserts.append((at, "".join(f", {n}={source}.{n}" for n in missing).encode()))
    for at, added in sorted(inserts, reverse=True):
        data = data[:at] + added + data[at:]
    return data.decode("utf-8")


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _copied_from(call: ast.Call) -> str | None:
    """``data`` when some keyword reads ``k=data.k``."""
    for keyword in call.keywords:
        value = keyword.value
        if (
            isinstance(value, ast.Attribute)
            and isinstance(value.value, ast.Name)
            and value.attr == keyword.arg
        ):
            return value.value.id
    return None


def merge_module(text: str, addition: str) -> str:
    """`addition`'s imports and top-level classes and functions, added to the module `text`
    where it lacks them: each ``from m import n`` through `add_import`, each ``import m``
    once, each definition it does not define yet at the end, in `addition`'s order."""
    tree, extra = parse_python(text), parse_python(addition)
    defined = {s.name.value for s in tree.body if isinstance(s, cst.ClassDef | cst.FunctionDef)}
    plain: list[cst.BaseStatement] = []
    for statement in extra.body:
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.ImportFrom) and isinstance(small.names, Sequence):
                module = get_full_name_for_node(small.module) if small.module else ""
                if module == "__future__":
                    continue  # the module's own choice; the added code runs either way
                for alias in small.names:
                    text = add_import(text, module or "", alias.evaluated_name)
            elif isinstance(small, cst.Import) and not _imports_module(text, small):
                plain.append(statement)
    tree = parse_python(text)
    for statement in plain:
        tree = _after_imports(tree, statement.with_changes(leading_lines=()))
    added = [
        s.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
        for s in extra.body
        if isinstance(s, cst.ClassDef | cst.FunctionDef) and s.name.value not in defined
    ]
    return tree.with_changes(body=[*tree.body, *added]).code if added or plain else text


def _imports_module(text: str, statement: cst.Import) -> bool:
    names = [get_full_name_for_node(a.name) for a in statement.names]
    return all(re.search(rf"^import {re.escape(n or '')}\b", text, re.MULTILINE) for n in names)
