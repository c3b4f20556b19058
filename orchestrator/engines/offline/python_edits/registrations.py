"""Registrations in a person's module: a router's ``include_router`` call, a name in
``__all__``."""

from __future__ import annotations

import libcst as cst
from libcst.helpers import get_full_name_for_node

from orchestrator.engines.offline.layout import LayoutError
from orchestrator.engines.offline.python_edits.tree import (
    parse_python,
    sorted_at,
    with_item,
    without_comment,
)


def add_include(text: str, module_name: str, *, app_var: str | None = None) -> str:
    tree = parse_python(text)
    found = _Includes(f"{module_name}.router")
    tree.visit(found)
    if found.already:
        return text
    lines = found.lines
    if app_var is not None:
        lines = [(line, call) for line, call in lines if _receiver(call) == app_var] or lines
    else:
        lines = [(line, call) for line, call in lines if _includes_a_router(call)] or lines
    if not lines:
        raise LayoutError("no `.include_router(...)` call to copy")
    line, call = lines[-1]
    added = cst.SimpleStatementLine(body=[cst.Expr(_include_like(call, module_name, app_var))])
    return tree.visit(_AddedAfter(line, added)).code


def add_to_all(text: str, name: str) -> str:
    tree = parse_python(text)
    listed = next((found for s in tree.body if (found := _all_list(s)) is not None), None)
    if listed is None:
        return text
    elements = [e for e in listed.elements if isinstance(e, cst.Element)]
    strings = [e.value for e in elements if isinstance(e.value, cst.SimpleString)]
    names = [s.evaluated_value for s in strings]
    if name in names or len(strings) != len(listed.elements):
        return text
    if not all(isinstance(n, str) for n in names):  # b"…" is no name
        return text
    quote = strings[0].quote if strings else '"'
    element = cst.Element(cst.SimpleString(f"{quote}{name}{quote}"))
    at = sorted_at([str(n) for n in names], name, str)
    elements = with_item(elements, at, element, listed.lbracket.whitespace_after)
    return tree.with_deep_changes(listed, elements=elements).code


class _Includes(cst.CSTVisitor):
    """The statement lines that call ``x.include_router(...)``, in file order (those
    under an ``if``, a router only included in development, only when there is no
    other), and whether some call anywhere already includes `router`."""

    def __init__(self, router: str) -> None:
        self.router = router
        self.already = False
        self._found: list[tuple[cst.SimpleStatementLine, cst.Call, bool]] = []
        self._ifs = 0

    @property
    def lines(self) -> list[tuple[cst.SimpleStatementLine, cst.Call]]:
        always = [(line, call) for line, call, conditional in self._found if not conditional]
        return always or [(line, call) for line, call, _ in self._found]

    def visit_If(self, node: cst.If) -> None:
        self._ifs += 1

    def leave_If(self, original_node: cst.If) -> None:
        self._ifs -= 1

    def visit_Call(self, node: cst.Call) -> None:
        if _is_include(node) and get_full_name_for_node(node.args[0].value) == self.router:
            self.already = True

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            call = small.value if isinstance(small, cst.Expr) else None
            if isinstance(call, cst.Call) and _is_include(call) and _receiver(call):
                self._found.append((node, call, self._ifs > 0))


class _AddedAfter(cst.CSTTransformer):
    """The tree with `added` on the line after `anchor`, in the same block."""

    def __init__(self, anchor: cst.SimpleStatementLine, added: cst.SimpleStatementLine) -> None:
        super().__init__()
        self.anchor, self.added = anchor, added

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.SimpleStatementLine]:
        if original_node is self.anchor:
            return cst.FlattenSentinel([updated_node, self.added])
        return updated_node


def _is_include(call: cst.Call) -> bool:
    func = call.func
    return (
        isinstance(func, cst.Attribute) and func.attr.value == "include_router" and bool(call.args)
    )


def _receiver(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
        return func.value.value
    return None


def _includes_a_router(call: cst.Call) -> bool:
    first = call.args[0].value
    return isinstance(first, cst.Attribute) and first.attr.value == "router"


def _include_like(call: cst.Call, module_name: str, app_var: str | None) -> cst.Call:
    """A copy of `call` including `<module_name>.router`, laid out as `call` is but
    without its comments (they were about the other router); on `app_var` without the
    keywords when that is given."""
    router = cst.Attribute(value=cst.Name(module_name), attr=cst.Name("router"))
    if app_var is not None:
        return cst.Call(
            func=cst.Attribute(value=cst.Name(app_var), attr=cst.Name("include_router")),
            args=[cst.Arg(router)],
        )
    args = [call.args[0].with_changes(value=router), *call.args[1:]]
    return call.with_changes(
        args=[_uncommented(arg) for arg in args],
        whitespace_before_args=_uncommented_space(call.whitespace_before_args),
    )


def _uncommented(arg: cst.Arg) -> cst.Arg:
    if not isinstance(arg.comma, cst.Comma):
        return arg
    space = _uncommented_space(arg.comma.whitespace_after)
    return arg.with_changes(comma=arg.comma.with_changes(whitespace_after=space))


def _uncommented_space(
    space: cst.BaseParenthesizableWhitespace,
) -> cst.BaseParenthesizableWhitespace:
    return without_comment(space) if isinstance(space, cst.ParenthesizedWhitespace) else space


def _all_list(statement: cst.CSTNode) -> cst.List | None:
    """The list of a top-level ``__all__ = [...]`` (or ``__all__: list[str] = [...]``)."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    small = statement.body[0]
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target, value = small.targets[0].target, small.value
    elif isinstance(small, cst.AnnAssign) and small.value is not None:
        target, value = small.target, small.value
    else:
        return None
    named_all = isinstance(target, cst.Name) and target.value == "__all__"
    return value if named_all and isinstance(value, cst.List) else None
