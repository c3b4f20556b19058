"""The target repository's work tree, through GitPython: status, branches, commits, merges.

Never pushes. Output is read with `-z`, so any file name comes back as written. Every
command runs with the guards of `project_state/git_process.py` (hooks, fsmonitor and pager off, the C
locale), given to GitPython as persistent options, and commits add `--no-verify`. The
commit identity is given per commit when git has none; the repository's config is never
written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.errors import DirtyTreeError
from orchestrator.git_repo.commits import AGENT_TRAILER
from project_state.errors import Refusal, StackcrewError
from project_state.git_process import CONFIG_GUARDS, GLOBAL_OPTIONS

if TYPE_CHECKING:
    import git

# stackcrew writes its own state during a run; those files never make a tree "dirty".
STATE_PREFIX = "project_state/"
FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "stackcrew", "GIT_AUTHOR_EMAIL": "stackcrew@localhost",
    "GIT_COMMITTER_NAME": "stackcrew", "GIT_COMMITTER_EMAIL": "stackcrew@localhost",
}  # fmt: skip


class GitRepo:
    """One repository on disk."""

    def __init__(self, repo: git.Repo) -> None:
        self._repo = repo
        repo.git.set_persistent_git_options(no_pager=True, c=list(CONFIG_GUARDS))
        self.root = Path(repo.working_tree_dir or ".")

    @classmethod
    def open(cls, root: Path) -> GitRepo:
        import git  # lazy: GitPython is slow to import and most commands never need it

        try:
            return cls(git.Repo(root))
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
            raise StackcrewError(
                f"{root} is not a git repository",
                hint="run `git init` there, or `orchestrate init --example blog DIR`",
            ) from exc

    @classmethod
    def init(cls, root: Path, message: str) -> GitRepo:
        """A new repository holding everything under `root` in one commit."""
        import git  # lazy: as in `open`

        created = cls(git.Repo.init(root, initial_branch="main"))
        created._repo.git.add(A=True)
        created._commit(message)
        return created

    def status(self, *options: str) -> list[tuple[str, str]]:
        """`(XY, path)` for each entry of `git status -z`, renames by their new path."""
        fields = self._repo.git.status("--porcelain=v1", "-z", *options).split("\0")
        entries, rest = [], iter(fields)
        for field in rest:
            if len(field) < 4:
                continue
            code, path = field[:2], field[3:]
            if "R" in code or "C" in code:
                next(rest, None)  # the old path of a rename or copy
            entries.append((code, path))
        return entries

    def dirty_paths(self) -> list[str]:
        """Uncommitted changes and untracked files, stackcrew's own state excepted."""
        paths = [path for _, path in self.status("--untracked-files=all")]
        return [p for p in paths if not p.startswith(STATE_PREFIX)]

    def tracked(self, at: str = "HEAD") -> set[str]:
        """The files of commit `at`."""
        listing = self._repo.git.ls_tree("-r", "-z", "--name-only", at)
        return set(listing.split("\0")) - {""}

    def ensure_clean(self, allowed: tuple[str, ...] = ()) -> None:
        """Refuse uncommitted changes, except `allowed` ones (left by a run being resumed)."""
        dirty = [p for p in self.dirty_paths() if p not in allowed]
        if dirty:
            shown = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
            raise DirtyTreeError(
                f"the working tree has uncommitted changes: {shown}",
                hint="commit or stash them first; stackcrew only works on a clean tree",
            )

    def ensure_on_branch(self, doing: str, *, detached_ok: bool = False) -> None:
        """Refuse to start `doing` in a repository with no commit to branch from, or (unless
        `detached_ok`) on a detached HEAD, where work would land on no branch."""
        if not self._repo.head.is_valid():
            raise Refusal(
                f"{self.root} has no commits yet; {doing} needs a first commit to branch from",
                hint="make a first commit: git add -A && git commit -m 'first commit'",
            )
        if self._repo.head.is_detached and not detached_ok:
            raise Refusal(
                f"HEAD is detached at {self.head_sha()[:8]} (no branch is checked out); "
                f"{doing} would land on no branch",
                hint="check out a branch first: `git switch main`, "
                "or `git switch -c NAME` to keep this commit on a new branch",
            )

    def has_branch(self, name: str) -> bool:
        return name in [h.name for h in self._repo.heads]

    def head_sha(self) -> str:
        return self._repo.head.commit.hexsha

    def current_branch(self) -> str:
        return self._repo.active_branch.name

    def switch_branch(self, name: str) -> bool:
        """Check out `name`, creating it from HEAD if needed; True if it was created."""
        created = name not in [h.name for h in self._repo.heads]
        if created:
            self._repo.create_head(name)
        self._repo.heads[name].checkout()
        return created

    def changed_paths(self, since: str) -> list[str]:
        """Files changed since commit `since`, committed or not, untracked included."""
        committed = self._repo.git.diff("-z", "--name-only", since, "HEAD").split("\0")
        worktree = self.dirty_paths()
        return sorted({*committed, *worktree} - {""})

    def restore(self, paths: list[str], to: str) -> None:
        """Put `paths` back as they were at commit `to` (deleting ones that did not exist)."""
        tracked = self.tracked(to)
        for path in paths:
            if path in tracked:
                self._repo.git.checkout(to, "--", path)
            else:
                self._repo.git.rm("--cached", "--ignore-unmatch", "-q", "--", path)
                (self.root / path).unlink(missing_ok=True)

    def indexed(self) -> set[str]:
        """The files in git's index."""
        return set(self._repo.git.ls_files("-z").split("\0")) - {""}

    def restore_from_index(self, paths: list[str]) -> None:
        """Put `paths` back as git's index has them."""
        if paths:
            self._repo.git.checkout("--", *paths)

    def commit(self, message: str, paths: list[str], *, agent: str | None) -> str | None:
        """Commit `paths` with an `Agent:` trailer; None when nothing changed."""
        if not paths:
            return None
        self._repo.git.add("-A", "--", *paths)
        if not self._repo.git.diff("--cached", "--name-only", "-z"):
            return None
        full = f"{message}\n\n{AGENT_TRAILER}: {agent}\n" if agent else f"{message}\n"
        return self._commit(full)

    def _commit(self, message: str) -> str:
        """`git commit` with hooks off, as the user when git knows one, else as stackcrew."""
        argv = ["git", *GLOBAL_OPTIONS, "commit", "--no-verify", "-q", "--allow-empty"]
        self._repo.git.execute([*argv, "-m", message], env=self._identity())
        return self.head_sha()

    def merge(self, branch: str, message: str) -> str:
        """Merge `branch` into the current branch with a merge commit, always; its sha."""
        argv = ["git", *GLOBAL_OPTIONS, "merge", "--no-ff", "--no-verify", "-q"]
        status, out, err = self._repo.git.execute(
            [*argv, "-m", message, branch], env=self._identity(),
            with_extended_output=True, with_exceptions=False,
        )  # fmt: skip
        if status != 0:
            said = "\n".join(text.strip() for text in (out, err) if text.strip())
            raise StackcrewError(
                f"git merge {branch} failed in {self.root}: {said or status}",
                hint="resolve the conflict and commit, or `git merge --abort`",
            )
        return self.head_sha()

    def _identity(self) -> dict[str, str] | None:
        """The environment a commit needs: nothing when git knows the user."""
        return None if self._has_identity() else FALLBACK_IDENTITY

    def _has_identity(self) -> bool:
        reader = self._repo.config_reader()
        return reader.has_option("user", "name") and reader.has_option("user", "email")
