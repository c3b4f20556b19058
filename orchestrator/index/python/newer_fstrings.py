"""f-strings that only Python 3.12 or later reads (PEP 701), made readable to an older ``ast``.

Since 3.12 an f-string's replacement fields may reuse its quote, hold comments and
backslashes, and run over several lines of a single-quoted string. An older interpreter
stops on such a line; each f-string that starts there and that it cannot read becomes an
empty string literal holding the same line breaks, so every later line keeps its number.
The index loses only that string's value, which it could not know anyway (it depends on
the values of the fields).
"""

from __future__ import annotations

import re

_PREFIX = re.compile(r"[rRuUbBfF]{0,2}$")
_OPENERS = {"(": ")", "[": "]", "{": "}"}


def blank_newer_fstrings(lines: list[str], number: int) -> bool:
    """Blank the f-strings starting on line `number` that this interpreter cannot read,
    in place; the number of lines stays the same. False when there are none."""
    text = "".join(lines[number:])
    first_line_end = len(lines[number])
    pieces: list[str] = []
    done = index = 0
    while index < first_line_end:
        char = text[index]
        if char == "#":
            break
        if char not in "'\"":
            index += 1
            continue
        start = _prefix_start(text, index)
        end = _string_end(text, index, formatted="f" in text[start:index].lower())
        span = text[start:end]
        if "f" in text[start:index].lower() and not _read_here(span):
            pieces += [text[done:start], _blank(span)]
            done = end
        index = end
    if not pieces:
        return False
    lines[number:] = ("".join(pieces) + text[done:]).splitlines(keepends=True)
    return True


def _prefix_start(text: str, quote: int) -> int:
    """Where the string whose quote is at `quote` begins, its prefix letters included."""
    start = quote
    while start > 0 and text[start - 1].isalpha() and quote - start < 2:
        start -= 1
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        return quote  # the letters end a name (`elif"x"` is no prefix)
    return start if _PREFIX.match(text[start:quote]) else quote


def _string_end(text: str, quote_at: int, *, formatted: bool) -> int:
    """The index just past the string whose opening quote is at `quote_at`, read by the
    3.12 rules; the end of the text when it never closes."""
    quote = text[quote_at] * 3 if text.startswith(text[quote_at] * 3, quote_at) else text[quote_at]
    index = quote_at + len(quote)
    while index < len(text):
        if text.startswith(quote, index):
            return index + len(quote)
        char = text[index]
        if char == "\\":
            index += 2
        elif char == "\n" and len(quote) == 1:
            return index  # unterminated: what follows is not this string's
        elif formatted and char == "{":
            index = index + 2 if text.startswith("{{", index) else _field_end(text, index + 1)
        else:
            index += 1
    return len(text)


def _field_end(text: str, index: int) -> int:
    """The index just past the ``}`` that closes a replacement field whose expression
    starts at `index`."""
    closers: list[str] = []
    while index < len(text):
        char = text[index]
        if char in _OPENERS:
            closers.append(_OPENERS[char])
        elif char in ")]":
            if closers:
                closers.pop()
        elif char == "}":
            if not closers:
                return index + 1
            closers.pop()
        elif char in "'\"":
            start = _prefix_start(text, index)
            index = _string_end(text, index, formatted="f" in text[start:index].lower())
            continue
        elif char == "#":
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        elif char == ":" and not closers:
            return _format_spec_end(text, index + 1)
        index += 1
    return len(text)


def _format_spec_end(text: str, index: int) -> int:
    while index < len(text):
        if text[index] == "}":
            return index + 1
        index = _field_end(text, index + 1) if text[index] == "{" else index + 1
    return len(text)


def _read_here(span: str) -> bool:
    try:
        compile(f"(\n{span}\n)", "<f-string>", "eval", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def _blank(span: str) -> str:
    breaks = len(span.splitlines(keepends=True)) - 1
    return ' "" ' if not breaks else ' """' + "\n" * breaks + '""" '
