"""Fields added to a person's class, and constructor calls given the new fields."""

from __future__ import annotations

import re

import libcst as cst

from orchestrator.engines.offline.layout import LayoutError
from orchestrator.engines.offline.python_edits.tree import parse_line, parse_python, with_item


def add_to_class(text: str, header: str, lines: list[str]) -> str:
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
    added = [parse_line(line) for line in lines]
    body = list(cls.body.body)
    fields = [i for i, s in enumerate(body) if _is_annotation(s)]
    at = fields[-1] + 1 if fields else len(body)
    block = cls.body.with_changes(body=[*body[:at], *added, *body[at:]])
    return tree.with_deep_changes(cls, body=block).code


def _is_annotation(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and isinstance(
        statement.body[0], cst.AnnAssign
    )


def add_constructor_keywords(text: str, cls: str, names: list[str]) -> str:
    try:
        tree = parse_python(text)
    except LayoutError:
        return text  # one broken file among the many searched stops nothing
    return tree.visit(_CopiedKeywords(cls, names)).code


class _CopiedKeywords(cst.CSTTransformer):
    """Each ``cls(k=data.k, …)`` call gets ``name=data.name`` for the `names` it lacks."""

    def __init__(self, cls: str, names: list[str]) -> None:
        super().__init__()
        self.cls, self.names = cls, names

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if _called_name(updated_node.func) != self.cls:
            return updated_node
        source = _copied_from(updated_node)
        present = {arg.keyword.value for arg in updated_node.args if arg.keyword}
        missing = [n for n in self.names if n not in present]
        if source is None or not missing:
            return updated_node
        args = list(updated_node.args)
        for name in missing:  # after the last argument, on its line (ruff lays them out)
            value = cst.Attribute(value=cst.Name(source), attr=cst.Name(name))
            new = cst.Arg(value, keyword=cst.Name(name), equal=_EQUAL)
            args = with_item(args, len(args), new, None)
        return updated_node.with_changes(args=args)


_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def _called_name(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Name):
        return func.value
    return func.attr.value if isinstance(func, cst.Attribute) else None


def _copied_from(call: cst.Call) -> str | None:
    """``data`` when some keyword reads ``k=data.k``."""
    for arg in call.args:
        value = arg.value
        if (
            arg.keyword is not None
            and isinstance(value, cst.Attribute)
            and isinstance(value.value, cst.Name)
            and value.attr.value == arg.keyword.value
        ):
            return value.value.value
    return None
