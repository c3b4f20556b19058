"""How a ready section file (``ready-<section>.json``) is laid out, written and read back:

    {"build": …, "count": n, "layout": …}     the header, one JSON line
    row 0 … row n-1                           one JSON row a line (`codec`)

The routes section goes on, so that a question about endpoints chooses its routes
without decoding the others (`picked_rows`):

    key 0 … key n-1                           ``[start, path, tags]`` of each route, a JSON
                                              line: ``start``, where its row begins in bytes
    where key 0 begins, in bytes

A question's words are searched for in the keys as text; only the keys that mention one
are decoded, and only the rows of those it keeps. Any text that is not as written here
raises one of `store.DECODE_ERRORS`: the caller makes the section again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    Text = bytes  # or an `mmap.mmap` of the file: both are sliced and searched alike
    Keep = Callable[[str, list[str]], bool]

BATCH = 1000  # rows encoded, then written, at a time: the rows are never all held as text


def write_section(
    write: Callable[[bytes], Any],
    header: bytes,
    items: list[Any],
    row: Callable[[Any], str],
    key: Callable[[Any], str] | None = None,
) -> None:
    """The header, then each item's `row`; with `key` (a route's ``[path, tags]`` as JSON
    text), each key with its row's start, then where the keys start."""
    write(header)
    at, keys = len(header) + 1, []
    for first in range(0, len(items), BATCH):
        batch = items[first : first + BATCH]
        rows = [row(item).encode() for item in batch]
        write(b"\n" + b"\n".join(rows))
        if key is not None:
            for item, text in zip(batch, rows, strict=True):
                keys.append(f"[{at},{key(item)[1:]}")
                at += len(text) + 1
    if key is not None:
        write("".join(f"\n{line}" for line in keys).encode() + f"\n{at}".encode())


def header_of(text: Text) -> dict[str, Any]:
    end = text.find(b"\n")
    return json.loads(text[: len(text) if end < 0 else end])


def all_rows(text: Text) -> tuple[dict[str, Any], list[bytes]]:
    """The header and every row, as JSON text."""
    header, end = header_of(text), text.find(b"\n")
    count = header["count"]
    rows = text[end + 1 :].split(b"\n", count)[:count] if count and end >= 0 else []
    if len(rows) != count:
        raise ValueError(f"{count} rows announced, {len(rows)} found")
    return header, rows


def picked_rows(
    text: Text, keep: Keep, mentions: tuple[str, ...] | None
) -> tuple[dict[str, Any], list[bytes]]:
    """The header and the rows, as JSON text, of the routes whose ``keep(path, tags)``
    holds, in order. `mentions`: all `keep` can hold for mention one of these in their path
    or tags, ignoring case (`ProjectIndex.routes_where`); only those keys are decoded."""
    header = header_of(text)
    count = header["count"]
    if not count:
        return header, []
    last = text.rfind(b"\n") + 1
    keys = text[int(text[last:]) : last - 1].decode()
    if keys.count("\n") != count - 1:
        raise ValueError(f"{count} routes, {keys.count(chr(10)) + 1} keys")
    found = _keys(keys, mentions)
    return header, [_row_at(text, start) for start, path, tags in found if keep(path, tags)]


def _row_at(text: Text, start: int) -> bytes:
    end = text.find(b"\n", start)
    if end < 0 or text[start - 1 : start] != b"\n":
        raise ValueError(f"no row starts at byte {start}")
    return text[start:end]


def _keys(keys: str, mentions: tuple[str, ...] | None) -> list[Any]:
    """The decoded keys, of the lines that mention one of `mentions` when given."""
    if mentions is None:
        return json.loads(f"[{keys.replace(chr(10), ',')}]")
    return json.loads(f"[{','.join(_lines_mentioning(keys, mentions))}]") if mentions else []


def _lines_mentioning(text: str, mentions: tuple[str, ...]) -> list[str]:
    """The lines that hold one of `mentions`, ignoring case: a search of the whole text, in
    C, rather than a test of each line. The text is searched lowercased, as the caller's
    test lowercases, unless that changes its length (as ``İ`` does): then its positions
    would not be the text's."""
    folded = text.lower()
    pattern = "|".join(map(re.escape, mentions))
    if len(folded) == len(text):
        search = re.compile(pattern).search
    else:
        folded, search = text, re.compile(pattern, re.IGNORECASE).search
    lines, at = [], 0
    while at <= len(text) and (match := search(folded, at)) is not None:
        begin = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        end = len(text) if end < 0 else end
        lines.append(text[begin:end])
        at = end + 1
    return lines
