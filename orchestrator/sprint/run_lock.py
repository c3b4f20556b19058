"""One `sprint run` at a time per checkout, and the refusal that names who holds it.

The lock is an OS lock (`flock`) on ``.stackcrew-cache/sprint-run.lock``, so the kernel
drops it when its holders die. The run's task processes inherit it: a sprint run that
was killed keeps it until the last of its tasks has stopped, so a new run never removes
a worktree a task still writes in. Who took it (pid, start time) is written next to it.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from project_state.atomic import write_atomic
from project_state.cache_folder import cache_dir
from project_state.errors import Refusal

LOCK_FILE = "sprint-run.lock"
HOLDER_FILE = "sprint-run.json"


@dataclass(frozen=True)
class Holder:
    pid: int
    started: str

    def describe(self) -> str:
        alive = "running" if _is_running(self.pid) else "no longer running; its tasks are stopping"
        return f"pid {self.pid}, started {self.started} ({alive})"


@contextmanager
def sprint_run_lock(root: Path) -> Iterator[int]:
    """Hold the sprint lock of the repository at `root`; yields the lock's file descriptor,
    for the task processes to inherit. Refuses, naming the holder, when it is taken."""
    folder = cache_dir(root)
    fd = _open_lock(folder / LOCK_FILE)
    try:
        _take(fd, folder / HOLDER_FILE)
        holder = Holder(os.getpid(), datetime.now(UTC).isoformat(timespec="seconds"))
        data = json.dumps({"pid": holder.pid, "started": holder.started}).encode()
        write_atomic(folder / HOLDER_FILE, data)
        yield fd
    finally:
        os.close(fd)  # the lock goes with the last process that holds the descriptor


def _open_lock(path: Path) -> int:
    """The lock file, never through a link (one a repository carried would lead the open
    elsewhere); removing a link here could split the lock, so it is refused instead."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if not path.is_symlink():
            raise
        shown = f"{path.parent.name}/{path.name}"
        raise Refusal(
            f"{shown} is a link; stackcrew keeps its sprint lock inside the repository only",
            hint=f"remove {shown}, with no sprint running",
        ) from exc


def _take(fd: int, holder_file: Path) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise Refusal(
            f"another sprint run is active in this checkout: {_holder(holder_file)}",
            hint="wait for it to finish, or stop it with Ctrl-C; its tasks stay resumable",
        ) from None


def _holder(holder_file: Path) -> str:
    try:
        document = json.loads(holder_file.read_text())
        return Holder(int(document["pid"]), str(document["started"])).describe()
    except (OSError, ValueError, KeyError, TypeError):
        return "its holder did not say who it is"


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
