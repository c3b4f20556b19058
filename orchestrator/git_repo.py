"""The target repository's git, through GitPython: branches, commits and diffs. Never push."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.errors import DirtyTreeError, Refusal, StackcrewError

if TYPE_CHECKING:
    import git

# stackcrew writes its own state during a run; those files never make a tree "dirty".
STATE_PREFIX = "project_state/"
AGENT_TRAILER = "Agent"


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    message: str
    agent: str | None
    files: tuple[str, ...]


class GitRepo:
    """One repository on disk."""

    def __init__(self, repo: git.Repo) -> None:
        self._repo = repo
        self.root = Path(repo.working_tree_dir or ".")

    @classmethod
    def open(cls, root: Path) -> GitRepo:
        import git  # deferred: GitPython is slow to import and most commands never need it

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
        import git

        repo = git.Repo.init(root, initial_branch="main")
        _ensure_identity(repo)
        repo.git.add(A=True)
        repo.index.commit(message)
        return cls(repo)

    def dirty_paths(self) -> list[str]:
        """Uncommitted changes and untracked files, stackcrew's own state excepted."""
        lines = self._repo.git.status("--porcelain", "--untracked-files=all").splitlines()
        paths = [line[3:].split(" -> ")[-1].strip('"') for line in lines]
        return [p for p in paths if not p.startswith(STATE_PREFIX)]

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
        committed = self._repo.git.diff("--name-only", since, "HEAD").splitlines()
        worktree = self.dirty_paths()
        return sorted({*committed, *worktree} - {""})

    def restore(self, paths: list[str], to: str) -> None:
        """Put `paths` back as they were at commit `to` (deleting ones that did not exist)."""
        tracked = set(self._repo.git.ls_tree("-r", "--name-only", to).splitlines())
        for path in paths:
            if path in tracked:
                self._repo.git.checkout(to, "--", path)
            else:
                self._repo.git.rm("--cached", "--ignore-unmatch", "-q", "--", path)
                (self.root / path).unlink(missing_ok=True)

    def commit(self, message: str, paths: list[str], *, agent: str | None) -> str | None:
        """Commit `paths` with an `Agent:` trailer; None when nothing changed."""
        if not paths:
            return None
        self._repo.git.add("-A", "--", *paths)
        if not self._repo.git.diff("--cached", "--name-only"):
            return None
        _ensure_identity(self._repo)
        full = f"{message}\n\n{AGENT_TRAILER}: {agent}\n" if agent else f"{message}\n"
        return self._repo.index.commit(full).hexsha

    def commits(self, base: str, head: str = "HEAD") -> list[CommitInfo]:
        """Commits reachable from `head` but not `base`, oldest first."""
        found = list(self._repo.iter_commits(f"{base}..{head}", reverse=True))
        return [_commit_info(c) for c in found]


def _commit_info(commit: git.Commit) -> CommitInfo:
    message = str(commit.message)
    return CommitInfo(
        sha=commit.hexsha,
        message=message,
        agent=agent_from_trailer(message),
        files=tuple(str(p) for p in commit.stats.files),
    )


def agent_from_trailer(message: str) -> str | None:
    for line in reversed(message.strip().splitlines()):
        key, sep, value = line.partition(":")
        if sep and key.strip() == AGENT_TRAILER:
            return value.strip() or None
    return None


def _ensure_identity(repo: git.Repo) -> None:
    """Commits need an author; give stackcrew one where the machine has none."""
    reader = repo.config_reader()
    if not reader.has_option("user", "name") or not reader.has_option("user", "email"):
        with repo.config_writer() as writer:
            writer.set_value("user", "name", "stackcrew")
            writer.set_value("user", "email", "stackcrew@localhost")
