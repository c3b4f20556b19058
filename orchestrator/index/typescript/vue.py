"""The TypeScript inside a Vue single-file component.

Both ``<script lang="ts">`` and ``<script setup lang="ts">`` blocks are read; each block
is parsed on its own and its lines are shifted by the line the block starts on, so a
property on line 12 of the ``.vue`` file is reported on line 12.
"""

from __future__ import annotations

import re

from orchestrator.index.facts import ClientCall, TsType
from orchestrator.index.typescript.parser import parse_typescript

_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_LANG = re.compile(rb"""\blang\s*=\s*["']?(ts|tsx)["']?""", re.IGNORECASE)


def script_blocks(source: bytes) -> list[tuple[bytes, int, bool]]:
    """Each TypeScript block: its text, the line offset of its first line, and tsx-ness."""
    blocks = []
    for match in _SCRIPT.finditer(source):
        lang = _LANG.search(match.group(1))
        if lang is None:
            continue
        offset = source.count(b"\n", 0, match.start(2))
        blocks.append((match.group(2), offset, lang.group(1).lower() == b"tsx"))
    return blocks


def parse_vue(source: bytes, file: str) -> tuple[list[TsType], str | None, list[ClientCall]]:
    """The types, a syntax error's description and the backend calls of the scripts."""
    types: list[TsType] = []
    errors: list[str] = []
    calls: list[ClientCall] = []
    for text, offset, tsx in script_blocks(source):
        found, error, called = parse_typescript(text, file, line_offset=offset, tsx=tsx)
        types.extend(found)
        calls.extend(called)
        if error:
            errors.append(error)
    return types, "; ".join(errors) or None, calls
