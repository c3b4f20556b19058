"""Where a value sits in JSON text, so a schema error can point at a line and column.

`json` parses to plain objects and forgets positions; this walks the (already valid) text
along a key path such as ``("tasks", 3, "status")`` and stops at the deepest value it reaches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from json.decoder import scanstring

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()

KeyPath = Sequence[str | int]


def value_position(text: str, path: KeyPath) -> tuple[int, int]:
    """Line and column (both from 1) of the value at `path`, or of its nearest ancestor."""
    index = _skip(text, 0)
    for part in path:
        child = _child(text, index, part)
        if child is None:
            break
        index = child
    return line_column(text, index)


def line_column(text: str, index: int) -> tuple[int, int]:
    """Line and column (both from 1) of character `index` in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def format_key_path(path: KeyPath) -> str:
    """``("tasks", 3, "status")`` → ``tasks[3].status``; the empty path is ``(top level)``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _child(text: str, index: int, part: str | int) -> int | None:
    if isinstance(part, str) and text.startswith("{", index):
        return _member(text, index, part)
    if isinstance(part, int) and text.startswith("[", index):
        return _element(text, index, part)
    return None


def _member(text: str, index: int, key: str) -> int | None:
    index = _skip(text, index + 1)
    while text.startswith('"', index):
        name, index = scanstring(text, index + 1)
        index = _skip(text, _skip(text, index) + 1)  # past the colon
        if name == key:
            return index
        index = _after_value(text, index)
        if index is None:
            return None
    return None


def _element(text: str, index: int, position: int) -> int | None:
    index = _skip(text, index + 1)
    if text.startswith("]", index):
        return None
    for _ in range(position):
        next_index = _after_value(text, index)
        if next_index is None:
            return None
        index = next_index
    return index


def _after_value(text: str, index: int) -> int | None:
    """Index of the next sibling after the value at `index`, or None at the end of its parent."""
    index = _skip(text, _DECODER.raw_decode(text, index)[1])
    if not text.startswith(",", index):
        return None
    return _skip(text, index + 1)


def _skip(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index
