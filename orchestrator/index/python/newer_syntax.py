"""Python that a newer interpreter accepts, read by this one's ``ast``.

The index parses with the interpreter stackcrew runs on (3.11 or later); a project may be
written for a newer one. When ``ast.parse`` stops on a line that uses one of these forms,
that line is rewritten to an older spelling that means the same to the index, and the
parse is tried again (line numbers never move):

* ``except A, B:`` (PEP 758, Python 3.14) becomes ``except (A, B):``;
* ``type Name = ...`` (PEP 695, 3.12) becomes ``Name = ...``;
* type parameters ``def f[T](...)`` / ``class Box[T: Base[Any]](...)`` (PEP 695) are
  dropped, brackets inside them and parameter lists over several lines too; the line
  breaks they held move inside the parentheses that follow;
* an f-string only 3.12 reads (PEP 701) becomes an empty string (`newer_fstrings`).

Any other syntax error is raised (the one no repair applies to), and the file is reported
as skipped.
"""

from __future__ import annotations

import ast
import re

from orchestrator.index.python.newer_fstrings import blank_newer_fstrings

MAX_REPAIRS = 200


def _alias(match: re.Match[str]) -> str:
    """``type X[T] = …`` as ``X        = …``: the value keeps its columns, which the facts'
    source text is cut from the file by."""
    indent, name = match[1], match[2]
    return indent + name + " " * (len(match[0]) - len(indent) - len(name) - 1) + "="


_LINE_REPAIRS = (
    (re.compile(r"^(\s*except\*?)\s+(?!\()([^:#]+,[^:#]*?)\s*:"), r"\1 (\2):"),
    (re.compile(r"^(\s*)type\s+([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*="), _alias),
)
_TYPE_PARAMS = re.compile(r"^(\s*(?:async\s+)?(?:def|class)\s+[A-Za-z_]\w*)\s*\[")
_PAIRS = {"[": "]", "(": ")", "{": "}"}


def parse_module(data: bytes, filename: str) -> ast.Module:
    """``ast.parse``, repairing the newer forms above; raises the first SyntaxError."""
    try:
        return ast.parse(data, filename=filename)
    except SyntaxError as first:
        try:
            lines = data.decode("utf-8").splitlines(keepends=True)
        except UnicodeDecodeError:
            raise first from None
        return _repaired(lines, filename, first)


def _repaired(lines: list[str], filename: str, first: SyntaxError) -> ast.Module:
    error = first
    for _ in range(MAX_REPAIRS):
        number = (error.lineno or 0) - 1
        if not (0 <= number < len(lines) and _repair(lines, number)):
            raise error
        try:
            return ast.parse("".join(lines), filename=filename)
        except SyntaxError as next_error:
            error = next_error
    raise first


def _repair(lines: list[str], number: int) -> bool:
    """Rewrite line `number` (and the lines a header goes on to) in place; the number of
    lines stays the same. False when no repair applies."""
    line = lines[number]
    for pattern, replacement in _LINE_REPAIRS:
        fixed = pattern.sub(replacement, line, count=1)
        if fixed != line:
            lines[number] = fixed
            return True
    return _drop_type_params(lines, number) or blank_newer_fstrings(lines, number)


def _drop_type_params(lines: list[str], number: int) -> bool:
    header = _TYPE_PARAMS.match(lines[number])
    if header is None:
        return False
    text = "".join(lines[number:])
    start, end = header.end(1), _closing(text, header.end() - 1)
    if end is None:
        return False
    breaks = len(text[start:end].splitlines(keepends=True)) - 1
    if not breaks:  # blanked, not cut: what follows keeps its columns (`Box   (Base[T])`)
        line = lines[number]
        lines[number] = line[:start] + " " * (end - start) + line[end:]
        return True
    rest = text[end:]
    gap = len(rest) - len(rest.lstrip(" \t"))
    if rest[gap : gap + 1] == "(":
        rest = rest[: gap + 1] + "\n" * breaks + rest[gap + 1 :]
    elif breaks:
        rest = "(" + "\n" * breaks + ")" + rest
    lines[number:] = (text[:start] + rest).splitlines(keepends=True)
    return True


def _closing(text: str, opening: int) -> int | None:
    """The index just past the bracket that closes the one at `opening`, skipping strings
    and comments; None when the text ends first."""
    expected: list[str] = []
    index = opening
    while index < len(text):
        char = text[index]
        if char in _PAIRS:
            expected.append(_PAIRS[char])
        elif char in ")]}":
            if not expected or expected.pop() != char:
                return None
            if not expected:
                return index + 1
        elif char in "'\"":
            index = _string_end(text, index)
        elif char == "#":
            index = text.find("\n", index)
            if index < 0:
                return None
        index += 1
    return None


def _string_end(text: str, opening: int) -> int:
    quote = text[opening]
    index = opening + 1
    while index < len(text) and text[index] not in (quote, "\n"):
        index += 2 if text[index] == "\\" else 1
    return index
