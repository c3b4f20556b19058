"""The files an agent sees: reads anywhere in the repo, writes only where it owns.

Every write stackcrew makes on an agent's behalf goes through `Workspace.write_text`,
which asks the ownership map first. A read-only workspace (CONSULT) refuses all writes.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from agents.ownership import OwnershipMap, repo_relative
from orchestrator.errors import Refusal

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
                if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.removeprefix("**/")):
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

    def write_text(self, path: str | Path, content: str) -> str:
        rel = self.check_write(path)
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.stackcrew-tmp")
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, target)
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
