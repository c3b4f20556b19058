"""The one way stackcrew replaces a file, and the cross-process lock that serialises state
writes.

A file is replaced, never edited in place: the new bytes go to a temporary file in the same
folder (created as `mkstemp` does, ``O_EXCL|O_NOFOLLOW`` with an unguessable name ending in
`TEMP_SUFFIX`, without loading `tempfile` and the OpenSSL-backed `hashlib` it brings), which
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
from contextlib import contextmanager, suppress
from functools import cache

from project_state.errors import MISSING_HINT, LockTimeoutError, StateFileError

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from pathlib import Path

    from filelock import FileLock

TEMP_SUFFIX = ".stackcrew-tmp"
# `.NAME.` + mkstemp's eight random characters + the suffix: what a killed writer leaves.
TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
TEMP_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_"  # as `tempfile` names them
TEMP_ATTEMPTS = 100
WRITE_BUFFER = 1 << 16  # bytes an `AtomicFile` gathers before each write


def write_atomic(path: Path | str, data: bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file."""
    replacement = AtomicFile(path, durable=durable)
    try:
        replacement.write(data)
    except BaseException:
        replacement.discard()
        raise
    replacement.commit()


class AtomicFile:
    """The new content of `path`, written in pieces to a temporary file beside it, then put
    in place by `commit` (or dropped by `discard`): a large file never has to be held whole
    in memory to be replaced atomically."""

    def __init__(self, path: Path | str, *, durable: bool = True) -> None:
        fd, self._temp_name = _new_temp_file(path)
        self.path, self._durable = path, durable
        try:
            os.fchmod(fd, _mode_for(path))
        except BaseException:
            os.close(fd)
            os.unlink(self._temp_name)
            raise
        self._file = open(fd, "wb", buffering=WRITE_BUFFER)  # noqa: SIM115 (closed by commit)

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def flush(self) -> None:
        """Write out what is buffered, e.g. before forking: a child must not inherit it."""
        self._file.flush()

    def tell(self) -> int:
        """How many bytes were written so far (buffered ones included)."""
        return self._file.tell()

    def truncate(self, size: int) -> None:
        """Drop what was written after the first `size` bytes, and go on writing there:
        e.g. the partial work of a forked child that shared the file and died."""
        self._file.seek(size)
        self._file.truncate()

    def commit(self) -> None:
        """Put the written content in place of `path`; on failure nothing is left behind."""
        try:
            self._file.flush()
            if self._durable:
                os.fsync(self._file.fileno())
        except BaseException:
            self.discard()
            raise
        self._file.close()
        try:
            os.replace(self._temp_name, self.path)
        except BaseException:
            os.unlink(self._temp_name)
            raise
        if self._durable:
            fsync_dir(os.path.dirname(self.path) or ".")

    def discard(self) -> None:
        """Drop what was written; `path` stays as it was."""
        self._file.close()
        with suppress(FileNotFoundError):
            os.unlink(self._temp_name)

    def release(self) -> None:
        """Close this process's handle only, leaving the temporary file to the forked child
        that commits or discards it (`flush` before forking, so nothing is written twice)."""
        self._file.close()


def is_temp_file(path: str) -> bool:
    """True for a path named like the temporary file of a write (left by a killed writer)."""
    return TEMP_NAME.fullmatch(path.rsplit("/", 1)[-1]) is not None


def fsync_dir(directory: Path | str) -> None:
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


def sweep_stale_temp_files(directory: Path | str, older_than: float) -> None:
    """Remove the temporary files in `directory` last written over `older_than` seconds ago.

    For folders written without the lock (caches): a live writer's file may be there, but a
    writer keeps writing its file until the rename, so an old one was left by a writer that
    was killed (a cold index's can weigh megabytes)."""
    import time  # lazy: only a cache write sweeps

    cutoff = time.time() - older_than
    with suppress(OSError):
        for entry in os.scandir(directory):
            if is_temp_file(entry.name) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                with suppress(OSError):
                    os.unlink(entry.path)


def _new_temp_file(path: Path | str) -> tuple[int, str]:
    """A new, empty file beside `path` named ``.NAME.<8 random characters>TEMP_SUFFIX``,
    opened for writing; an existing name (or a symbolic link) is never opened."""
    folder, file_name = os.path.split(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_BINARY", 0)
    for _ in range(TEMP_ATTEMPTS):
        random = "".join(TEMP_ALPHABET[byte % len(TEMP_ALPHABET)] for byte in os.urandom(8))
        name = os.path.join(folder, f".{file_name}.{random}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temporary name for {file_name}")


def _mode_for(path: Path | str) -> int:
    """The permission bits of the file being replaced; for a new file, what `open` would
    give it (0o666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


@cache
def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it, else set back at once
    (the umask is process-wide and only ever read here)."""
    try:
        with open("/proc/self/status", encoding="utf-8") as status:
            lines = status.read().splitlines()
        for line in lines:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
            from pathlib import Path  # lazy: a quick answer's atomic write needs no pathlib

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
