"""Each task of a sprint as its own process: the real `orchestrate run --issue N` (or
`orchestrate resume RUN_ID`) CLI, run in the task's worktree.

A child writes the main checkout's state (`STACKCREW_STATE_ROOT`), under its lock, and
prints its result as JSON into a file the sprint reads when it exits. It runs in a session
of its own, so a terminal's Ctrl-C reaches the sprint, which passes it on; on Linux it
also gets SIGINT if the sprint itself dies, and stops as an interrupted, resumable run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestrator.project import STATE_ROOT_VAR
from orchestrator.sprint.batches import PlannedTask

ENTRY = "from orchestrator.cli.main import run_orchestrate; run_orchestrate()"
STOP_WAIT_SECONDS = 30.0
PR_SET_PDEATHSIG = 1
SIG_DFL = 0


@dataclass
class Child:
    planned: PlannedTask
    process: subprocess.Popen[bytes]
    output: Path
    errors: Path
    started: float

    def finished(self) -> bool:
        return self.process.poll() is not None


@dataclass(frozen=True)
class ChildResult:
    """What a task's process ended with, read from its JSON result."""

    outcome: str  # approved, changes requested, blocked, failed
    verdict: str | None = None
    pr: int | None = None
    run_id: str | None = None
    detail: str = ""


def command_for(planned: PlannedTask, worktree: Path, max_cost: float | None) -> list[str]:
    """The argv of the task's process: the `orchestrate` console script's own entry point."""
    if planned.action == "resume":
        argv = ["resume", planned.run_id or ""]
    else:
        argv = ["run", "--issue", str(planned.issue)]
    argv += ["--json", "--project", str(worktree)]
    if max_cost is not None:
        argv += ["--max-cost", f"{max_cost:.6f}"]
    # -P: `-c` would put the worktree first on the import path, where a repository's own
    # `orchestrator/` or `typer.py` would run instead of stackcrew
    return [sys.executable, "-P", "-c", ENTRY, *argv]


def launch(
    planned: PlannedTask,
    worktree: Path,
    *,
    state_root: Path,
    logs: Path,
    max_cost: float | None,
    inherit_fd: int | None = None,
) -> Child:
    """Start the task's process; its stdout and stderr go to files under `logs`."""
    env = {k: v for k, v in os.environ.items() if k != "STACKCREW_PROJECT"}
    env[STATE_ROOT_VAR] = str(state_root)
    output, errors = logs / f"{planned.task}.json", logs / f"{planned.task}.err"
    with _fresh_log(output) as out, _fresh_log(errors) as err:
        process = subprocess.Popen(
            command_for(planned, worktree, max_cost), cwd=worktree, env=env,
            stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True,
            pass_fds=(inherit_fd,) if inherit_fd is not None else (),
            preexec_fn=_stop_with_parent(),  # noqa: PLW1509 - two C calls, no Python locks
        )  # fmt: skip
    return Child(planned, process, output, errors, time.monotonic())


def _fresh_log(path: Path) -> Any:
    """A new, empty log file at `path`: whatever was there is removed first, so a link a
    repository carried in its cache folder is dropped, never written through."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    return os.fdopen(fd, "wb")


def result_of(child: Child) -> ChildResult:
    """The outcome the task's process printed, or why it printed none."""
    try:
        document = json.loads(child.output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ChildResult("failed", detail=_last_error_line(child))
    if not isinstance(document, dict):
        return ChildResult("failed", detail=_last_error_line(child))
    return _from_run_json(document, child)


def _from_run_json(document: dict[str, Any], child: Child) -> ChildResult:
    review = document.get("review") or {}
    verdict = review.get("verdict")
    pr = review.get("pr")
    run_id = document.get("run_id")
    if document.get("blocked"):
        step = next((s for s in document.get("steps", []) if s.get("status") == "blocked"), {})
        return ChildResult("blocked", verdict, pr, run_id, str(step.get("reason") or ""))
    if verdict == "APPROVE":
        return ChildResult("approved", verdict, pr, run_id)
    if verdict is None:
        return ChildResult("failed", None, pr, run_id, _last_error_line(child) or "no review")
    return ChildResult("changes requested" if verdict == "REQUEST_CHANGES" else "blocked",
                       verdict, pr, run_id, str(review.get("status") or ""))  # fmt: skip


def stop(children: list[Child], wait: float = STOP_WAIT_SECONDS) -> None:
    """Interrupt every running child (and what it started) and wait for them, at most
    `wait` seconds before killing what is left."""
    for child in children:
        _signal_group(child, signal.SIGINT)
    deadline = time.monotonic() + wait
    for child in children:
        try:
            child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(child, signal.SIGKILL)
            child.process.wait()


def _signal_group(child: Child, signum: int) -> None:
    try:
        os.killpg(child.process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _stop_with_parent() -> Callable[[], None] | None:
    """What the child runs before `orchestrate`: take SIGINT as Python's KeyboardInterrupt
    even when the sprint was started with it ignored (a background job of a script), and
    ask Linux for SIGINT when the sprint's process dies. Looked up here, in the parent, so
    the forked child only makes two C calls."""
    if sys.platform != "linux":
        return None
    import ctypes  # lazy for start-up: only a sprint on Linux needs it

    libc = ctypes.CDLL(None, use_errno=True)

    def prepare() -> None:
        libc.signal(signal.SIGINT, SIG_DFL)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGINT)

    return prepare


def _last_error_line(child: Child) -> str:
    try:
        lines = child.errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    errors = [line for line in lines if line.startswith("error:")]
    return (errors or lines or [f"exit code {child.process.returncode}"])[-1][:300]
