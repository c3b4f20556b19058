"""git commands as stackcrew runs them: argv lists, no shell, the guards on every call.

The process itself starts in `project_state.git_process` (`try_git`), with hooks, an
fsmonitor command and a pager switched off (`GLOBAL_OPTIONS`) and the C locale
(`GIT_ENV`); GitPython's commands carry the same options (`repo.py`). Commands that print
a patch add `PLAIN_PATCH`, so no external diff or textconv program runs either.
`safe.directory` is left as git has it: it guards against repositories owned by someone
else, and stackcrew never widens it.
"""

from __future__ import annotations

from pathlib import Path

from project_state.errors import StackcrewError
from project_state.git_process import GIT_TIMEOUT_SECONDS, tracked_pathspec, try_git

PLAIN_PATCH = ("--no-color", "--no-ext-diff", "--no-textconv", "--text")


def git(root: Path, *args: str) -> str:
    """Run git in `root` and return its output, or raise an error that says what failed."""
    return git_bytes(root, *args).decode("utf-8", errors="surrogateescape")


def git_bytes(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = try_git(root, *args, stdin=stdin)
    if done is None:
        raise StackcrewError(f"git {args[0]} took over {GIT_TIMEOUT_SECONDS} s in {root}")
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace").strip()
        raise StackcrewError(
            f"git {' '.join(args)} failed in {root}: {stderr or done.returncode}",
            hint="check that the refs exist (`git fetch` in CI) and the folder is a repository",
        )
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit sha `ref` names, or an error saying it names none."""
    done = try_git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
    )
    if done is None or done.returncode != 0:
        raise StackcrewError(
            f"{ref!r} is not a commit in {root}",
            hint="name a branch, tag or sha; in CI fetch it first (`git fetch origin main`)",
        )
    return done.stdout.decode().strip()


def merge_base(root: Path, base: str, head: str) -> str:
    """The best common ancestor of `base` and `head`; an error when they have none."""
    return git(root, "merge-base", base, head).strip()


def config_value(root: Path, key: str) -> str | None:
    """The value git's config gives `key` in `root`, or None when it is unset."""
    done = try_git(root, "config", "--get", key, timeout=30)
    ok = done is not None and done.returncode == 0
    return done.stdout.decode("utf-8", "surrogateescape").strip() if ok else None


def tracked_under(root: Path, folder: str) -> list[str]:
    """The paths git tracks in `root` that are `folder` or lie under it, in any letter case
    (a case-insensitive file system reads ``.Cache/x`` as ``.cache/x``)."""
    out = git_bytes(root, "ls-files", "-z", "--", tracked_pathspec(folder))
    return [path.decode("utf-8", "surrogateescape") for path in out.split(b"\0") if path]
