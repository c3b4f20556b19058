"""The files an agent sees: reads anywhere in the repo, writes only where it owns.

Every write stackcrew makes on an agent's behalf goes through `Workspace.write_text`,
which asks the ownership map first. A read-only workspace (CONSULT) refuses all writes.
A write replaces its target in one rename (`project_state.atomic.write_atomic`: a new
temporary file beside it, the target's mode kept, flushed to disk before the rename).
Paths are judged by where they lead, so a symbolic link is written through only when
its target is a file the agent owns.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from agents.ownership import OwnershipMap, refuse_protected, repo_relative
from project_state.atomic import write_atomic
from project_state.errors import Refusal, StackcrewError

SKIPPED_DIRS = frozenset(
    {".git", "node_modules", ".venv", "venv", "__pycache__", ".stackcrew-cache", ".pytest_cache"}
)


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
        write_atomic(target, content.encode("utf-8"))
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
