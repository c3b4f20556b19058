"""The one place a git process starts: argv lists, no shell, the guards on every call.

A repository's `.git/` may hold code stackcrew did not write: hooks, an fsmonitor
command, a pager. Every git command runs with them switched off (`GLOBAL_OPTIONS`) and
in the C locale (`GIT_ENV`), as GitPython's commands do too (`repo.py` passes the same
options). Commands that print a patch add `PLAIN_PATCH`, so no external diff or textconv
program runs either. `safe.directory` is left as git has it: it guards against
repositories owned by someone else, and stackcrew never widens it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from project_state.errors import StackcrewError

GIT_TIMEOUT_SECONDS = 120
CONFIG_GUARDS = (
    f"core.hooksPath={os.devnull}",  # a hook is code in .git/ that stackcrew did not write
    "core.fsmonitor=false",  # so is an fsmonitor command, run by status and diff
    "core.quotePath=false",  # names in patch headers as written (C-quoted only if odd)
)
GLOBAL_OPTIONS = ("--no-pager", *(arg for guard in CONFIG_GUARDS for arg in ("-c", guard)))
GIT_ENV = {"LC_ALL": "C", "LANGUAGE": "C"}  # output and messages the same everywhere
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


def try_git(
    root: Path, *args: str, stdin: bytes | None = None, timeout: float = GIT_TIMEOUT_SECONDS
) -> subprocess.CompletedProcess[bytes] | None:
    """git in `root` with its exit status left to the caller; None when it took too long."""
    try:
        return subprocess.run(
            ["git", *GLOBAL_OPTIONS, *args], cwd=root, input=stdin, capture_output=True,
            check=False, timeout=timeout, env={**os.environ, **GIT_ENV},
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None


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
    out = git_bytes(root, "ls-files", "-z", "--", f":(icase,literal){folder}")
    return [path.decode("utf-8", "surrogateescape") for path in out.split(b"\0") if path]
