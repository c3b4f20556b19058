"""A process that has imported the CLI once and forks a copy of itself for each command.

Each copy becomes `orchestrate` with the command's words, output to /dev/null, and runs
the real console-script function to its real end: exit handlers included, as a cold
start would. What the copy skips is the start-up, half a second of imports that writes
nothing, so a kill timed from the fork lands in the command's own work.

Run as a script it serves requests, one JSON line each: ``{"argv": [...], "kill_after":
seconds}``; it answers ``{"killed": true}`` if the command was still running then and
died of SIGKILL.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from typing import Self

from orchestrator.cli.main import run_orchestrate

ORCHESTRATE = Path(sys.executable).with_name("orchestrate")
# What `orchestrate run` and `resume` import on their way (the offline engine, libcst,
# the index, detect-secrets): the bulk of a cold start.
PRELOADED = (
    "orchestrator.cli.apps",
    "orchestrator.cli.work",
    "orchestrator.pipeline",
    "orchestrator.engines.offline",
    "orchestrator.engines.offline.python_edits.imports",
    "orchestrator.index",
    "orchestrator.redaction",
)


class Zygote:
    """The serving process: ``with Zygote() as zygote`` starts it and stops it."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            # -P: this folder stays off sys.path; serve() puts the console script's there
            [sys.executable, "-P", __file__],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def killed(self, argv: list[str], kill_after: float) -> bool:
        """Run `orchestrate argv` in a fresh copy; SIGKILL it after `kill_after` s. True if
        it was killed, False if it ended first."""
        assert self._process.stdin is not None and self._process.stdout is not None
        request = {"argv": argv, "kill_after": kill_after}
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        return json.loads(self._process.stdout.readline())["killed"]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()  # its loop ends, and so does it
        self._process.wait(timeout=30)


def serve() -> None:
    sys.path.insert(0, str(ORCHESTRATE.parent))  # as for the console script
    for name in PRELOADED:
        import_module(name)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            become_orchestrate(request["argv"])
        killed = wait_or_kill(pid, request["kill_after"])
        print(json.dumps({"killed": killed}), flush=True)


def become_orchestrate(argv: list[str]) -> None:
    """This copy is now `orchestrate argv`: its exit, clean or not, ends the process the
    way the console script's would, since nothing above this call catches it."""
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(quiet, fd)
    sys.argv = [str(ORCHESTRATE), *argv]
    sys.exit(run_orchestrate())


def wait_or_kill(pid: int, seconds: float) -> bool:
    handle = os.pidfd_open(pid)
    try:
        ended, _, _ = select.select([handle], [], [], seconds)
        if not ended:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(handle)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


if __name__ == "__main__":
    serve()
