"""The benchmark scripts run as a person runs them: `python benchmarks/<name>.py`."""

from __future__ import annotations

import sys

import pytest
from bench_runner import BENCHMARKS, run_bench_script

sys.path.insert(0, str(BENCHMARKS))  # the scripts import their helpers as a script does


@pytest.fixture
def run_bench():
    return run_bench_script
