"""The live board of `orchestrate sprint run` on a real terminal: the console script runs
with a pseudo-terminal as its stderr, as it does in a person's shell."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def run_on_a_terminal(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    """Exit code, stdout, and what the terminal showed (escape sequences removed)."""
    main, side = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "40"}
    env.pop("NO_COLOR", None)
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed: the process has exited
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            argv, check=False, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=side, text=True, timeout=240,
        )  # fmt: skip
    finally:
        os.close(side)
        reader.join(timeout=10)
        os.close(main)
    return done.returncode, done.stdout, ESCAPES.sub("", shown.decode("utf-8", "replace"))


def test_the_board_redraws_task_agent_step_elapsed_and_cost(blog: Path) -> None:
    code, stdout, shown = run_on_a_terminal(
        [shutil.which("orchestrate") or "orchestrate", "sprint", "run", "--project", str(blog)],
        cwd=blog,
    )

    assert code == 0, shown
    assert "Sprint run" in shown
    for column in ("batch", "task", "agent", "step", "elapsed", "cost"):
        assert column in shown
    final = shown[shown.rindex("Sprint run") :]
    for batch, task, agent in (
        (1, "TASK-044", "fastapi"),
        (2, "TASK-045", "database, fastapi, vue"),
    ):
        row = rf"{batch}\s*│\s*{task}\s*│\s*{agent}\s*│\s*approved\s*│\s*\d+s\s*│\s*\$0\.0000"
        assert re.search(row, final), final  # earlier batches stay on the board
    assert shown.count("Sprint run") >= 2, "a live board redraws in place"
    assert "TASK-044" in stdout  # the summary goes to stdout, where a pipe can take it
