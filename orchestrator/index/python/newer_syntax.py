"""Python that a newer interpreter accepts, read by this one's ``ast``.

The index parses with the interpreter stackcrew runs on (3.11 or later); a project may be
written for a newer one. When ``ast.parse`` stops on a line that uses one of these forms,
that line is rewritten to an older spelling that means the same to the index, and the
parse is tried again (line numbers never move):

* ``except A, B:`` (PEP 758, Python 3.14) becomes ``except (A, B):``;
* ``type Name = ...`` (PEP 695, 3.12) becomes ``Name = ...``;
* type parameters ``def f[T](...)`` / ``class Box[T](...)`` (PEP 695) are dropped.

Any other syntax error is raised as it was, and the file is reported as skipped.
"""

from __future__ import annotations

import ast
import re

MAX_REPAIRS = 200
_REPAIRS = (
    (re.compile(r"^(\s*except\*?)\s+(?!\()([^:#]+,[^:#]*?)\s*:"), r"\1 (\2):"),
    (re.compile(r"^(\s*)type\s+([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*="), r"\1\2 ="),
    (re.compile(r"^(\s*(?:async\s+)?(?:def|class)\s+[A-Za-z_]\w*)\s*\[[^\]]*\]"), r"\1"),
)


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
        fixed = _repair(lines[number]) if 0 <= number < len(lines) else None
        if fixed is None:
            raise first
        lines[number] = fixed
        try:
            return ast.parse("".join(lines), filename=filename)
        except SyntaxError as next_error:
            error = next_error
    raise first


def _repair(line: str) -> str | None:
    for pattern, replacement in _REPAIRS:
        fixed = pattern.sub(replacement, line, count=1)
        if fixed != line:
            return fixed
    return None
