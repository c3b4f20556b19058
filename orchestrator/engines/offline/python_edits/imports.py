"""Imports added to a person's module, and a generated module's code merged into one."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.helpers import get_full_name_for_node

from orchestrator.engines.offline.python_edits.tree import parse_python, sorted_at, with_item


def add_import(text: str, module: str, name: str) -> str:
    tree = parse_python(text)
    found = next((f for s in tree.body if (f := _import_from(s, module)) is not None), None)
    if found is None:
        return _after_imports(tree, [cst.parse_statement(f"from {module} import {name}\n")]).code
    if isinstance(found.names, cst.ImportStar) or name in _bound_names(found.names):
        return text
    at = sorted_at([a.evaluated_name for a in found.names], name, _import_order)
    opening = found.lpar.whitespace_after if found.lpar else None
    names = with_item(found.names, at, cst.ImportAlias(name=cst.Name(name)), opening)
    return tree.with_deep_changes(found, names=names).code


def merge_module(text: str, addition: str) -> str:
    tree, extra = parse_python(text), parse_python(addition)
    defined = {s.name.value for s in tree.body if isinstance(s, _DEFINITIONS)}
    plain: list[cst.BaseStatement] = []
    for small in (small for s in extra.body for small in _small_statements(s)):
        if _merges_by_name(small):
            assert isinstance(small, cst.ImportFrom) and isinstance(small.names, Sequence)
            for alias in small.names:
                text = add_import(text, _dotted(small.module), alias.evaluated_name)
        elif _is_kept_apart(small) and not _binds_all(text, small):
            plain.append(_line_of(small))
    added = [
        s.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()])
        for s in extra.body
        if isinstance(s, _DEFINITIONS) and s.name.value not in defined
    ]
    if not plain and not added:
        return text
    tree = _after_imports(parse_python(text), plain) if plain else parse_python(text)
    return tree.with_changes(body=[*tree.body, *added], has_trailing_newline=True).code


_DEFINITIONS = (cst.ClassDef, cst.FunctionDef)


def _import_from(statement: cst.CSTNode, module: str) -> cst.ImportFrom | None:
    """The top-level ``from <module> import …`` in `statement`, if that is what it is."""
    for small in _small_statements(statement):
        if (
            isinstance(small, cst.ImportFrom)
            and not small.relative
            and small.module is not None
            and _dotted(small.module) == module
        ):
            return small
    return None


def _small_statements(statement: cst.CSTNode) -> Sequence[cst.BaseSmallStatement]:
    return statement.body if isinstance(statement, cst.SimpleStatementLine) else ()


def _dotted(name: cst.BaseExpression) -> str:
    return get_full_name_for_node(name) or ""


def _bound_names(aliases: Sequence[cst.ImportAlias]) -> list[str]:
    return [a.evaluated_alias or a.evaluated_name for a in aliases]


def _import_order(name: str) -> tuple[bool, str]:
    return name[:1].islower(), name


def _merges_by_name(small: cst.BaseSmallStatement) -> bool:
    """A ``from m import a, b`` whose names join the module's own import of `m`. Not
    ``__future__``: that is the module's own choice, and the added code runs either way."""
    return (
        isinstance(small, cst.ImportFrom)
        and not small.relative
        and small.module is not None
        and _dotted(small.module) != "__future__"
        and not isinstance(small.names, cst.ImportStar)
    )


def _is_kept_apart(small: cst.BaseSmallStatement) -> bool:
    """An ``import m`` or a relative ``from . import a``: added as its own line."""
    return isinstance(small, cst.Import) or (
        isinstance(small, cst.ImportFrom)
        and bool(small.relative)
        and not isinstance(small.names, cst.ImportStar)
    )


def _line_of(small: cst.Import | cst.ImportFrom) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine(body=[small.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)])


def _binds_all(text: str, statement: cst.Import | cst.ImportFrom) -> bool:
    """Whether `text`'s top-level imports already bind every name `statement` binds
    (``import x as y`` binds ``y``, not ``x``)."""
    if isinstance(statement, cst.ImportFrom):
        return _code(statement) in {_code(s) for s in _top_level_imports(text)}
    present = {
        (a.evaluated_name, a.evaluated_alias)
        for s in _top_level_imports(text)
        if isinstance(s, cst.Import)
        for a in s.names
    }
    return all((a.evaluated_name, a.evaluated_alias) in present for a in statement.names)


def _top_level_imports(text: str) -> list[cst.Import | cst.ImportFrom]:
    return [
        small
        for s in parse_python(text).body
        for small in _small_statements(s)
        if isinstance(small, cst.Import | cst.ImportFrom)
    ]


def _code(statement: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(statement)


def _after_imports(tree: cst.Module, statements: list[cst.BaseStatement]) -> cst.Module:
    """`statements` after the last top-level import (after the docstring when none)."""
    imports = [i for i, s in enumerate(tree.body) if _is_import(s)]
    if imports:
        at = imports[-1] + 1
    else:
        at = 1 if tree.body and _is_docstring(tree.body[0]) else 0
    body = [*tree.body[:at], *statements, *tree.body[at:]]
    return tree.with_changes(
        body=body, has_trailing_newline=tree.has_trailing_newline or at == len(tree.body)
    )


def _is_import(statement: cst.CSTNode) -> bool:
    return any(
        isinstance(small, cst.Import | cst.ImportFrom) for small in _small_statements(statement)
    )


def _is_docstring(statement: cst.CSTNode) -> bool:
    small = _small_statements(statement)
    return (
        len(small) == 1
        and isinstance(small[0], cst.Expr)
        and isinstance(small[0].value, cst.SimpleString | cst.ConcatenatedString)
    )
