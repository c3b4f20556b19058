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
    # a name the module has already (`from .session import Base`) is the one the code uses
    bound = defined | _imported_names(tree)
    plain: list[cst.BaseStatement] = []
    for statement in _top_level_imports(extra):
        merged = _merged_names(statement)
        if merged is not None:
            module, names = merged
            for name in names:
                if name not in bound:
                    text = add_import(text, module, name)
        elif _is_kept_apart(statement) and not _binds_all(parse_python(text), statement):
            plain.append(cst.SimpleStatementLine(body=[statement.with_changes(semicolon=_NONE)]))
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
_NONE = cst.MaybeSentinel.DEFAULT  # no semicolon: the statement has a line of its own


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


def _merged_names(statement: cst.Import | cst.ImportFrom) -> tuple[str, list[str]] | None:
    """(m, [a, b]) for a ``from m import a, b`` whose names join the module's own import
    of `m`. Not ``__future__``: that is the module's own choice, and the added code runs
    either way (so it gives no names)."""
    if (
        not isinstance(statement, cst.ImportFrom)
        or statement.relative
        or statement.module is None
        or isinstance(statement.names, cst.ImportStar)
    ):
        return None
    module = _dotted(statement.module)
    return module, [] if module == "__future__" else [a.evaluated_name for a in statement.names]


def _is_kept_apart(statement: cst.Import | cst.ImportFrom) -> bool:
    """An ``import m`` or a relative ``from . import a``: added as a line of its own."""
    return isinstance(statement, cst.Import) or (
        bool(statement.relative) and not isinstance(statement.names, cst.ImportStar)
    )


def _binds_all(tree: cst.Module, statement: cst.Import | cst.ImportFrom) -> bool:
    """Whether the module's top-level imports already bind every name `statement` binds
    (``import x as y`` binds ``y``, not ``x``)."""
    present = _top_level_imports(tree)
    if isinstance(statement, cst.ImportFrom):
        return _code(statement) in {_code(s) for s in present}
    bound = {
        (a.evaluated_name, a.evaluated_alias)
        for s in present
        if isinstance(s, cst.Import)
        for a in s.names
    }
    return all((a.evaluated_name, a.evaluated_alias) in bound for a in statement.names)


def _imported_names(tree: cst.Module) -> set[str]:
    """The names the module's top-level `from … import` statements bind, relative ones too."""
    return {
        name
        for s in _top_level_imports(tree)
        if isinstance(s, cst.ImportFrom) and not isinstance(s.names, cst.ImportStar)
        for name in _bound_names(s.names)
    }


def _top_level_imports(tree: cst.Module) -> list[cst.Import | cst.ImportFrom]:
    return [
        small
        for s in tree.body
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
