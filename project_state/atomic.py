"""The one way stackcrew replaces a file, and the cross-process lock that serialises state
writes.

A file is replaced, never edited in place: the new bytes go to a temporary file in the same
folder (`mkstemp`: `O_EXCL|O_NOFOLLOW`, an unguessable name ending in `TEMP_SUFFIX`), which
takes the replaced file's permission bits, execute bits included (a new file: 0o666 less the
umask), and is renamed over the old file with `os.replace`. A reader therefore sees either
the old file or the new one, never a mix. A durable write (state files, an agent's edits)
also fsyncs the file before the rename and the folder after it, so the rename survives a
power cut; caches that can be rebuilt skip that.

Every writer holds `project_state/.lock` (a `filelock` lock: an OS lock that the kernel drops
when its holder dies, so a killed process never leaves it stuck).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from project_state.errors import MISSING_HINT, LockTimeoutError, StateFileError

if TYPE_CHECKING:
    from filelock import FileLock

TEMP_SUFFIX = ".stackcrew-tmp"
# `.NAME.` + mkstemp's eight random characters + the suffix: what a killed writer leaves.
TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file."""
    import tempfile  # lazy: it loads shutil, bz2, lzma and random; readers never write

    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        os.fchmod(fd, _mode_for(path))
        _write_all(fd, data)
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(temp_name)
        raise
    os.close(fd)
    try:
        os.replace(temp_name, path)
    except BaseException:
        os.unlink(temp_name)
        raise
    if durable:
        fsync_dir(path.parent)


def is_temp_file(path: str) -> bool:
    """True for a path named like the temporary file of a write (left by a killed writer)."""
    return TEMP_NAME.fullmatch(path.rsplit("/", 1)[-1]) is not None


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
    """The permission bits of the file being replaced; for a new file, what `open` would
    give it (0o666 less the umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


@cache
def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it, else set back at once
    (the umask is process-wide and only ever read here)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
