"""A git worktree for each task a sprint runs, under ``.stackcrew-cache/worktrees/``.

Each task works on its own branch (the one `orchestrate run` would create) checked out in
its own folder, so runs never see each other's half-written files. The branch tracks the
branch the sprint runs on: that is where its pull request goes. Worktrees live in
stackcrew's cache, which git ignores, and are removed when their task ends; a sprint run
that was killed leaves them behind, and the next one removes them first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from orchestrator.git_repo import git
from project_state.cache_folder import CACHE_ROOT, cache_dir

WORKTREES = "worktrees"


class Worktrees:
    """The task worktrees of the repository at `root`, branched from `base`."""

    def __init__(self, root: Path, base: str) -> None:
        self.root = root
        self.base = base

    @property
    def folder(self) -> Path:
        return self.root / CACHE_ROOT / WORKTREES

    def path_of(self, task: str) -> Path:
        return self.folder / task

    def add(self, task: str, branch: str) -> Path:
        """A fresh worktree for `task` on `branch` (created from `base` when missing)."""
        path = self.path_of(task)
        cache_dir(self.root, WORKTREES)  # a link there is refused before anything is removed
        self.remove(task)
        if _has_branch(self.root, branch):
            git(self.root, "worktree", "add", "-q", str(path), branch)
        else:
            git(self.root, "worktree", "add", "-q", "-b", branch, str(path), self.base)
        git(self.root, "branch", "-q", f"--set-upstream-to={self.base}", branch)
        return path

    def remove(self, task: str, *, keep_runs_in: Path | None = None) -> None:
        """Remove `task`'s worktree (its branch stays); its run folders (handoffs) move to
        `keep_runs_in` first."""
        path = self.path_of(task)
        if keep_runs_in is not None:
            _move_runs(path / "project_state" / "runs", keep_runs_in)
        if path.exists():
            git(self.root, "worktree", "remove", "--force", str(path))
        shutil.rmtree(path, ignore_errors=True)  # a folder git no longer knew of
        git(self.root, "worktree", "prune")

    def remove_stale(self) -> list[str]:
        """Remove every task worktree left by a sprint run that did not finish."""
        left = self._left()
        for task in left:
            self.remove(task)
        git(self.root, "worktree", "prune")
        return left

    def _left(self) -> list[str]:
        """The tasks with a folder here; a worktrees folder that is a link (a repository
        may carry one) is refused, not listed: what it leads to is not the sprint's."""
        if not (self.folder.is_dir() or self.folder.is_symlink()):
            return []
        cache_dir(self.root, WORKTREES)  # refuses the link by its path
        return sorted(p.name for p in self.folder.iterdir())


def _has_branch(root: Path, branch: str) -> bool:
    listed = git(root, "for-each-ref", "--format=%(refname)", f"refs/heads/{branch}")
    return listed.strip() == f"refs/heads/{branch}"


def _move_runs(runs: Path, into: Path) -> None:
    if not runs.is_dir():
        return
    into.mkdir(parents=True, exist_ok=True)
    for run in runs.iterdir():
        if not (into / run.name).exists():
            shutil.move(str(run), into / run.name)
