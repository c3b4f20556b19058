"""Everything a command may have changed in the repository, found and put back.

`TreeGuard.take` records, before code runs, a signature (inode, mode, size, mtime,
ctime) of every file under the root: `.git/` (its object store aside), `project_state/`,
untracked and ignored files included, and the mode of every folder (a folder made
world-writable, or read-only so that its owner's next write fails, is put back first). It keeps a copy of each file git could not give
back: `.git/` outside the object store, and untracked, ignored or uncommitted files the
agent does not own. `check` walks the tree again and puts back every changed path the
agent may not write: a new file is deleted, a changed or deleted one restored from the
copy or from git's index. Tool caches (`__pycache__`, `.pytest_cache`, ...) are
deleted when touched, never trusted. A change under a dependency folder
(`node_modules/`, `.venv/`) has no copy to come back from: it is reported as
unrestorable and the run stops; so is any other file with neither a copy nor an entry
in git's index (inside a nested repository, say).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from orchestrator.git_repo import GitRepo

Signature = tuple[int, int, int, int, int]
CACHE_DIRS = frozenset({"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"})
BULKY_DIRS = frozenset({"node_modules", ".venv", "venv"})
GIT_OBJECTS = ".git/objects/"


@dataclass
class Breach:
    """What a check found: paths put back, and paths that could not be."""

    reverted: list[str] = field(default_factory=list)
    unrestorable: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reverted or self.unrestorable)


@dataclass
class TreeGuard:
    root: Path
    may_write: Callable[[str], bool]
    git: GitRepo
    before: dict[str, Signature]
    backup: Path
    folder_modes: dict[str, int] = field(default_factory=dict)
    _index: set[str] | None = None

    @classmethod
    def take(cls, root: Path, may_write: Callable[[str], bool]) -> TreeGuard:
        git = GitRepo.open(root)
        loose = git.status("--untracked-files=all", "--ignored")  # may refresh .git/index
        backup = Path(tempfile.mkdtemp(prefix="stackcrew-guard-"))
        guard = cls(root, may_write, git, signatures(root), backup, folder_modes(root))
        for rel in guard._needs_copy([path for _, path in loose]):
            _copy(root / rel, backup / rel)
        return guard

    def check(self) -> Breach:
        """Put back what changed outside `may_write`; the backup is removed afterwards."""
        breach = Breach()
        try:
            self._restore_folder_modes(breach)  # first: files below may need the write bit
            after = signatures(self.root)
            changed = {
                p for p in self.before.keys() | after.keys() if self.before.get(p) != after.get(p)
            }
            for rel in sorted(changed):
                self._settle(rel, rel in self.before, breach)
            self.git.restore_from_index([p for p in breach.reverted if self._from_index(p)])
        finally:
            shutil.rmtree(self.backup, ignore_errors=True)
        return breach

    def _restore_folder_modes(self, breach: Breach) -> None:
        """Every folder that was there keeps its mode; one the agent does not own (judged
        by a file inside it) is reported too."""
        now = folder_modes(self.root)
        for rel, mode in self.folder_modes.items():
            if rel in now and now[rel] != mode:
                os.chmod(self.root / rel, stat.S_IMODE(mode))
                if not self.may_write(f"{rel}/_"):
                    breach.reverted.append(f"{rel}/")

    def _settle(self, rel: str, existed: bool, breach: Breach) -> None:
        if _in_dirs(rel, CACHE_DIRS):
            _remove(self.root / rel)
        elif self.may_write(rel):
            return
        elif (self.backup / rel).exists() or (self.backup / rel).is_symlink():
            _remove(self.root / rel)
            _copy(self.backup / rel, self.root / rel)
            breach.reverted.append(rel)
        elif not existed:
            _remove(self.root / rel)
            breach.reverted.append(rel)
        elif _in_dirs(rel, BULKY_DIRS) or rel not in self._indexed():
            breach.unrestorable.append(rel)
        else:
            _remove(self.root / rel)
            breach.reverted.append(rel)  # committed and unchanged before: from git's index

    def _indexed(self) -> set[str]:
        if self._index is None:
            self._index = self.git.indexed()
        return self._index

    def _from_index(self, rel: str) -> bool:
        return (
            rel in self.before and not (self.backup / rel).exists() and not rel.startswith(".git/")
        )

    def _needs_copy(self, loose: list[str]) -> list[str]:
        """`.git/` control files, then what the agent does not own and git cannot restore."""
        control = [p for p in self.before if p.startswith(".git/")]
        kept = [
            path
            for path in loose
            if path in self.before
            and not _in_dirs(path, BULKY_DIRS | CACHE_DIRS)
            and not self.may_write(path)
        ]
        return control + kept


def signatures(root: Path) -> dict[str, Signature]:
    """Every file and link under `root` (git's object store aside) by its lstat signature."""
    found: dict[str, Signature] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        if rel_dir == ".git":
            dirnames[:] = [d for d in dirnames if d != "objects"]
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in [*filenames, *links]:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            st = os.lstat(os.path.join(dirpath, name))
            found[rel] = (st.st_ino, st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return found


def folder_modes(root: Path) -> dict[str, int]:
    """The mode of every folder under `root` but the root (git's object store aside)."""
    found: dict[str, int] = {}
    for dirpath, dirnames, _ in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        if rel_dir == ".git":
            dirnames[:] = [d for d in dirnames if d != "objects"]
        for name in dirnames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            mode = os.lstat(os.path.join(dirpath, name)).st_mode
            if stat.S_ISDIR(mode):
                found[rel] = mode
    return found


def _in_dirs(rel: str, names: frozenset[str]) -> bool:
    return any(part in names for part in rel.split("/")[:-1])


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target, follow_symlinks=False)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
