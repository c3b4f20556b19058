"""The garbage collector waits during start-up and comes back for long commands."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc
from orchestrator import collector
collector.pause()
paused = gc.isenabled()
collector.resume()
frozen = gc.get_freeze_count()
collector.resume()
print(paused, gc.isenabled(), frozen > 1000, gc.get_freeze_count() == frozen)
"""


def test_resume_turns_it_back_on_with_start_ups_objects_frozen_once() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert shown == ["False", "True", "True", "True"]


def test_a_long_quick_answer_runs_with_the_collector_on() -> None:
    from orchestrator.cli.quick_commands import COMMANDS

    long_forms = {words for words, form in COMMANDS["orchestrate"].items() if not form.brief}
    assert long_forms == {("index",), ("review",)}
