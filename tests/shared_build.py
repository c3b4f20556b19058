"""A folder built once per test session, however many xdist workers ask for it.

Some reference results (a whole sprint run serially, say) cost tens of seconds and are
only read by the tests that use them. Each worker has its own temporary root, all under
one folder per session: the first worker to take the lock there builds, the others wait
for it and reuse the folder. Users copy what they change.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

DONE = ".built"


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """The folder `name`, filled by `build(folder)` the first time any worker asks."""
    folder = _session_root(tmp_path_factory) / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (folder / DONE).exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(folder)
            (folder / DONE).touch()
    return folder


def _session_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by this session's workers, and by no other session."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return base.parent / "shared"  # the session's folder, above every worker's own
    return base / "shared"
