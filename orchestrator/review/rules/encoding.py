"""Python source that declares an encoding other than UTF-8: always BLOCK.

Every rule, ruff and a reviewer read a file as UTF-8, but Python decodes it with the codec
its coding cookie names (PEP 263). Under `coding: utf-7`, `+AHs-name+AH0-` is `{name}` to
Python and a constant to everything that checks it, so such a file hides what it runs.
"""

from __future__ import annotations

import codecs
import re

from orchestrator.review.catalog import SOURCE_ENCODING
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding

# PEP 263: the cookie may sit on line 1 or 2 only.
CODING_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
READABLE_AS_UTF8 = frozenset({"utf-8", "ascii"})


def check(ctx: ReviewContext) -> list[Finding]:
    found = []
    for path in ctx.files(".py", ".pyi"):
        codec = declared_codec(ctx.read(path))
        if codec is not None and codec not in READABLE_AS_UTF8:
            found.append(_finding(ctx, path, codec))
    return found


def declared_codec(source: str) -> str | None:
    """The normalised codec a file's coding cookie names, or None when it has none."""
    for line in source.split("\n")[:2]:
        match = CODING_COOKIE.match(line)
        if match:
            try:
                return codecs.lookup(match.group(1)).name
            except LookupError:
                return match.group(1).lower()
    return None


def _finding(ctx: ReviewContext, path: str, codec: str) -> Finding:
    return ctx.finding(
        SOURCE_ENCODING,
        "block",
        path,
        1,
        f"declares the source encoding {codec!r}: Python runs what the checks cannot read",
        "save the file as UTF-8 and remove the coding line (or declare utf-8)",
    )
