"""Running a benchmark script to its end, bounded, and reading its verdicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
BENCH_TIMEOUT = 280.0  # under the suite's five minutes, so a hang fails here with output


def run_bench_script(script: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, str(BENCHMARKS / script), *map(str, args)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=BENCH_TIMEOUT, check=False)


def verdicts(output: str) -> list[str]:
    """The lines of a benchmark's report that end a goal with MET or MISSED."""
    return [line for line in output.splitlines() if line.rstrip().endswith(("MET", "MISSED"))]
