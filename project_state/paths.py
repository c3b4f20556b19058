"""Where the state of one repository lives on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STATE_DIR = "project_state"


@dataclass(frozen=True)
class StatePaths:
    """The files under ``<repo>/project_state/``, and how to name them in messages."""

    root: Path

    @property
    def dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def project(self) -> Path:
        return self.dir / "project.json"

    @property
    def sprint(self) -> Path:
        return self.dir / "current-sprint.json"

    @property
    def log(self) -> Path:
        return self.dir / "task-log.jsonl"

    @property
    def torn(self) -> Path:
        """Where a half-written last line of the log is kept before it is cut off."""
        return self.dir / "task-log.jsonl.torn"

    @property
    def sprint_backup(self) -> Path:
        """The sprint file as it was before `rebuild` replaced it."""
        return self.dir / "current-sprint.json.bak"

    @property
    def lock(self) -> Path:
        return self.dir / ".lock"

    @property
    def gitignore(self) -> Path:
        return self.dir / ".gitignore"

    def shown(self, path: Path) -> str:
        """`path` relative to the repository root when it lies inside it, for messages."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
