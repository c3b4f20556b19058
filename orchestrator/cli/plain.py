"""Output that needs no rendering library: JSON documents, text exactly as given, tables.

Answers from the code are printed as they are: square brackets, colons and long lines
are the code's, not markup, emoji codes or places to wrap. A table is aligned columns,
one row a line however long, so that it can be read, grepped and cut alike.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

CELL_GAP = "  "
# Control characters in a cell (a title, a path, event data from outside) are shown as
# escapes: a newline would break the row, an escape sequence would reach the terminal.
_ESCAPED = {code: repr(chr(code))[1:-1] for code in (*range(0x20), *range(0x7F, 0xA0))}


def emit_json(data: Any) -> None:
    sys.stdout.write(json_text(data))


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, default=str) + "\n"


def show_text(text: str) -> None:
    sys.stdout.write(text + "\n")


def text_table(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str = ""
) -> str:
    """`title`, then the columns aligned under `headers` (a rule below them), then `caption`.
    The last column is not padded: a long value there (event data) leaves the others aligned."""
    cells = [[one_line(cell) for cell in row] for row in rows]
    widths = [
        max([width_of(header), *(width_of(row[i]) for row in cells)])
        for i, header in enumerate(headers)
    ]
    rule = ["-" * width for width in widths[:-1]] + ["-" * width_of(headers[-1])]
    lines = [title, _row(headers, widths), _row(rule, widths)]
    lines += [_row(row, widths) for row in cells]
    if caption:
        lines.append(caption)
    return "\n".join(lines)


def one_line(text: str) -> str:
    """`text` with its control characters written as escapes (``\\n``, ``\\x1b``)."""
    return text.translate(_ESCAPED)


def width_of(text: str) -> int:
    """Terminal columns `text` takes: wide East Asian characters two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    import unicodedata  # lazy: `agent consult` prints through this module and needs no table

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    padded = [
        cell + " " * (width - width_of(cell)) for cell, width in zip(cells, widths, strict=True)
    ]
    return CELL_GAP.join(padded).rstrip()
