"""How stackcrew starts ruff: the binary installed beside this interpreter.

`python -m ruff` starts a second interpreter only to find that binary; the offline
recipes format every file they write, so that start-up was paid many times a run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def ruff_program() -> list[str]:
    """The argv prefix that runs ruff: its binary when installed with us, else the module."""
    interpreter = Path(sys.executable)
    binary = interpreter.with_name("ruff" + interpreter.suffix)
    if binary.is_file() and os.access(binary, os.X_OK):
        return [str(binary)]
    # -P: `-m` would put the folder ruff runs in (the files under review) first on the
    # path, and a change's own `ruff/` would run instead
    return [sys.executable, "-P", "-m", "ruff"]
