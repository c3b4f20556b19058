"""A default factory for model fields that start as an empty list.

Building a model, pydantic reads each default factory's signature. `list` has none of
its own: `inspect` parses one from text with `tokenize`, whose patterns compile on first
use, about 3 ms of a command's start-up (14 M instructions of `sprint status`' 665 M).
A function's signature is read directly.
"""

from __future__ import annotations

from typing import Any


def empty_list() -> list[Any]:
    return []
