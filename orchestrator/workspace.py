"""The files an agent sees: reads anywhere in the repo, writes only where it owns.

Every write stackcrew makes on an agent's behalf goes through `Workspace.write_text`,
which asks the ownership map first. A read-only workspace (CONSULT) refuses all writes.
A write lands in a new temporary file beside its target (`O_EXCL|O_NOFOLLOW`, a random
name ending in `TEMP_SUFFIX`, the target's mode kept) and replaces it in one rename.
Paths are judged by where they lead, so a symbolic link is written through only when
its target is a file the agent owns.
"""

from __future__ import annotations

import fnmatch
import os
import re
import secrets
import stat
from pathlib import Path

from agents.ownership import OwnershipMap, refuse_protected, repo_relative
from project_state.errors import Refusal, StackcrewError

SKIPPED_DIRS = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".stackcrew-cache", ".pytest_cache"}
)
TEMP_SUFFIX = ".stackcrew-tmp"
TEMP_NAME = re.compile(r"\..+\.[0-9a-f]{16}" + re.escape(TEMP_SUFFIX))
NEW_FILE_MODE = 0o666


class Workspace:
    """A repository seen through one agent's boundaries."""

    def __init__(
        self, root: Path, ownership: OwnershipMap, *, agent: str, read_only: bool = False
    ) -> None:
        self.root = root.resolve()
        self.ownership = ownership
        self.agent = agent
        self.read_only = read_only
        self.written: list[str] = []
        self.reverted: list[str] = []  # changes by commands outside the agent's paths

    def resolve(self, path: str | Path) -> str:
        """The repo-relative form of `path`, refusing any path that leaves the repo."""
        return repo_relative(self.root, path)

    def read_text(self, path: str | Path) -> str:
        rel = self.resolve(path)
        target = self.root / rel
        if not target.is_file():
            raise Refusal(f"{rel!r} does not exist or is not a file")
        return target.read_text(encoding="utf-8", errors="replace")

    def exists(self, path: str | Path) -> bool:
        return (self.root / self.resolve(path)).exists()

    def list_files(self, pattern: str = "**/*") -> list[str]:
        """Repo-relative files matching a glob, skipping VCS and dependency folders."""
        found = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS)
            base = Path(dirpath).relative_to(self.root)
            for name in sorted(filenames):
                rel = (base / name).as_posix()
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(
                    rel, pattern.removeprefix("**/")
                ):
                    found.append(rel)
        return found

    def check_write(self, path: str | Path) -> str:
        """The one gate: read-only mode, protected areas, then ownership."""
        if self.read_only:
            raise Refusal(
                f"agent {self.agent!r} is read-only here: nothing may be written ({path})",
                hint="CONSULT never writes: use EXECUTE or DIRECT; an agent file whose "
                "`tools:` line grants no Write, Edit or Bash tool never writes at all",
            )
        return self.ownership.check_write(self.root, self.agent, path)

    def owns(self, path: str) -> bool:
        """True when this agent may write `path`: both the path as named (a link itself)
        and where it leads pass `check_write`."""
        lexical = os.path.normpath(path).replace(os.sep, "/")
        try:
            refuse_protected(lexical)
            self.check_write(path)
        except StackcrewError:
            return False
        return self.ownership.owner_of(lexical) == self.agent

    def write_text(self, path: str | Path, content: str) -> str:
        rel = self.check_write(path)
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        _replace_atomically(target, content.encode("utf-8"))
        self._note(rel)
        return rel

    def delete(self, path: str | Path) -> str:
        rel = self.check_write(path)
        (self.root / rel).unlink(missing_ok=True)
        self._note(rel)
        return rel

    def _note(self, rel: str) -> None:
        if rel not in self.written:
            self.written.append(rel)


def _replace_atomically(target: Path, data: bytes) -> None:
    """Write `data` to a fresh, unguessable temp file beside `target`, then rename it over."""
    mode = _mode_of(target)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, NEW_FILE_MODE)  # narrowed by the umask
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _mode_of(target: Path) -> int | None:
    """The permission bits of an existing file (execute bits included), None for a new one."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return None


def is_temp_file(path: str) -> bool:
    """True for a path named like the temp file of a write (left by a killed run)."""
    return TEMP_NAME.fullmatch(path.rsplit("/", 1)[-1]) is not None
