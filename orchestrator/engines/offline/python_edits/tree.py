"""Parsing a person's Python, and laying a new item into a comma-separated list.

The concrete syntax tree holds every space, comment and parenthesis of the file, so
printing an edited tree gives back the file as it was apart from the edit.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import TypeVar

import libcst as cst

from orchestrator.engines.offline.layout import LayoutError
from orchestrator.engines.offline.python_edits.errors import UnparsablePython

ItemT = TypeVar("ItemT", bound=cst.ImportAlias | cst.Element | cst.Arg)  # items with a comma


def parse_python(text: str) -> cst.Module:
    """The file's tree; a file that does not parse is not edited. It must parse for the
    running interpreter too, though libcst reads newer syntax: the write guard checks the
    edited file with this interpreter, and would blame the edit for the file's syntax."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        raise UnparsablePython(exc.lineno or 1, exc.msg) from exc
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise UnparsablePython(exc.raw_line, exc.message) from exc


def parse_line(line: str) -> cst.BaseStatement:
    """One statement given as a line of text (its indentation is the block's business)."""
    try:
        return cst.parse_statement(line.strip() + "\n")
    except cst.ParserSyntaxError as exc:
        raise LayoutError(f"the line to add is not a Python statement: {line.strip()!r}") from exc


def sorted_at(names: list[str], name: str, key: Callable[[str], object]) -> int:
    """Where `name` goes: in order when the names are in order, else at the end."""
    keys = [key(n) for n in names]
    if keys != sorted(keys):  # type: ignore[type-var]
        return len(names)
    return len([k for k in keys if k < key(name)])  # type: ignore[operator]


def with_item(
    items: Sequence[ItemT], at: int, new: ItemT, opening: cst.BaseParenthesizableWhitespace | None
) -> list[ItemT]:
    """`items` with `new` at `at`, laid out as the list already is: one item a line when
    the list opens with a line break and keeps one item a line (`opening` is the space
    after its opening bracket), else on the line, after a comma and a space."""
    items = list(items)
    if not items:
        raise LayoutError("an empty list to add to; edit it by hand")
    line_break = _line_break(items, opening)
    if line_break is None:
        return _inline(items, at, new)
    if at < len(items):
        return [
            *items[:at],
            _with_comma(new, cst.Comma(whitespace_after=line_break)),
            *items[at:],
        ]
    return _appended_on_its_line(items, new, line_break)


def _line_break(
    items: list[ItemT], opening: cst.BaseParenthesizableWhitespace | None
) -> cst.ParenthesizedWhitespace | None:
    """The break (newline and indentation) between two items of a one-item-a-line list,
    without the comment a person wrote there; None when the list is not laid out so."""
    between = [
        item.comma.whitespace_after for item in items[:-1] if isinstance(item.comma, cst.Comma)
    ]
    if not isinstance(opening, cst.ParenthesizedWhitespace) or len(between) != len(items) - 1:
        return None
    if not all(isinstance(space, cst.ParenthesizedWhitespace) for space in between):
        return None
    model = between[0] if between else opening
    assert isinstance(model, cst.ParenthesizedWhitespace)
    return without_comment(model)


def without_comment(space: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
    """The same line break, without the comment or the blank lines before it."""
    return space.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())


def _with_comma(item: ItemT, comma: cst.Comma | cst.MaybeSentinel) -> ItemT:
    return item.with_changes(comma=comma)  # type: ignore[return-value]  # same class as item


def _inline(items: list[ItemT], at: int, new: ItemT) -> list[ItemT]:
    """`new, ` before the item at `at`, or `, new` after the last one."""
    space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if at < len(items):
        return [*items[:at], _with_comma(new, space), *items[at:]]
    last = items[-1]
    return [*items[:-1], _with_comma(last, space), _with_comma(new, last.comma)]


def _appended_on_its_line(
    items: list[ItemT], new: ItemT, line_break: cst.ParenthesizedWhitespace
) -> list[ItemT]:
    """`new` on a line after the last item, which keeps its own comment; a trailing comma
    stays a trailing comma."""
    last = items[-1]
    if not isinstance(last.comma, cst.Comma):
        return [*items[:-1], _with_comma(last, cst.Comma(whitespace_after=line_break)), new]
    closing = last.comma.whitespace_after  # up to the closing bracket
    if not isinstance(closing, cst.ParenthesizedWhitespace):
        return _inline(items, len(items), new)
    kept = last.comma.with_changes(
        whitespace_after=line_break.with_changes(first_line=closing.first_line)
    )
    # comment lines before the closing bracket stay there, after the new item
    ending = last.comma.with_changes(
        whitespace_after=closing.with_changes(first_line=cst.TrailingWhitespace())
    )
    return [*items[:-1], _with_comma(last, kept), _with_comma(new, ending)]
