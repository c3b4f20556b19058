"""Output that needs no rendering library: JSON documents and text exactly as given.

Answers from the code are printed as they are: square brackets, colons and long lines
are the code's, not markup, emoji codes or places to wrap.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def show_text(text: str) -> None:
    sys.stdout.write(text + "\n")
