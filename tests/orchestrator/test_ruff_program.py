"""Ruff runs as the binary installed with stackcrew, not through a second interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from orchestrator.ruff_program import ruff_program


def test_the_binary_beside_the_interpreter_is_used_and_runs():
    argv = ruff_program()
    assert argv == [str(Path(sys.executable).with_name("ruff"))]
    shown = subprocess.run([*argv, "--version"], capture_output=True, text=True, check=True)
    assert shown.stdout.startswith("ruff ")
