"""Durable writes and the cross-process lock that serialises them.

A state file is replaced, never edited in place: the new bytes go to a temporary file in the
same folder, which is flushed and fsynced, renamed over the old file with `os.replace`, and
then the folder itself is fsynced so the rename survives a power cut. A reader therefore sees
either the old file or the new one, never a mix.

Every writer holds `project_state/.lock` (a `filelock` lock: an OS lock that the kernel drops
when its holder dies, so a killed process never leaves it stuck).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from project_state.errors import MISSING_HINT, LockTimeoutError, StateFileError

if TYPE_CHECKING:
    from filelock import FileLock

TEMP_SUFFIX = ".stackcrew-tmp"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file."""
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        _write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(temp_name)
        raise
    os.close(fd)
    os.replace(temp_name, path)
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make renames and new names in `directory` durable (POSIX; Windows cannot open a
    folder for this and orders its metadata writes itself)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sweep_temp_files(directory: Path) -> None:
    """Remove temporary files left by a writer that was killed before its rename.

    Call only while holding the lock: every temporary file is written under it, so none of
    them can belong to a live writer.
    """
    for leftover in directory.glob(f".*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """Keep the permissions of the file being replaced; a new file is readable by all."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o644


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class StateLock:
    """The one lock every state writer takes; re-entrant within one `ProjectState`."""

    def __init__(self, path: Path, shown: str, *, timeout: float, poll_interval: float) -> None:
        self._lock: FileLock | None = None
        self._path = path
        self._shown = shown
        self._timeout = timeout
        self._poll_interval = poll_interval

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the duration of the block, or raise `LockTimeoutError`.

        Each holder first clears away the temporary files of writers that died.
        """
        if not self._path.parent.is_dir():
            raise StateFileError(
                Path(self._shown).parent.as_posix(),
                "the state folder does not exist",
                hint=MISSING_HINT,
            )
        from filelock import Timeout  # lazy: readers never lock, and it costs start-up time

        lock = self._file_lock()
        try:
            lock.acquire()
        except Timeout as exc:
            raise LockTimeoutError(
                f"another stackcrew process has held {self._shown} for over "
                f"{self._timeout:g} s, so the state was not changed",
                hint="wait for the other command to finish and try again",
            ) from exc
        try:
            sweep_temp_files(self._path.parent)
            yield
        finally:
            lock.release()

    def _file_lock(self) -> FileLock:
        if self._lock is None:
            from filelock import FileLock

            self._lock = FileLock(
                self._path, timeout=self._timeout, poll_interval=self._poll_interval
            )
        return self._lock
