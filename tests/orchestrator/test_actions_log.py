"""Outside text in an error, printed in a GitHub Actions job, starts no workflow command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FORGED = "/nowhere\n::stop-commands::silenced\n  ::error::forged\n##[warning]old style"


def orchestrate(*args: str, actions: bool) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("orchestrate")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    if actions:
        env["GITHUB_ACTIONS"] = "true"
    return subprocess.run([str(script), *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)  # fmt: skip


def test_in_actions_no_line_of_an_error_is_a_workflow_command() -> None:
    done = orchestrate("init", FORGED, actions=True)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert not [line for line in lines if line.lstrip().startswith(("::", "##["))], lines
    assert "| ::stop-commands::silenced" in lines
    assert "|   ::error::forged" in lines


def test_elsewhere_the_error_is_as_written() -> None:
    done = orchestrate("init", FORGED, actions=False)
    assert "\n::stop-commands::silenced\n" in done.stderr
