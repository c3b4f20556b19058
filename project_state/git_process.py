"""The one place a git process starts: argv lists, no shell, the guards on every call.

A repository's `.git/` may hold code stackcrew did not write: hooks, an fsmonitor
command, a pager. Every git command runs with them switched off (`GLOBAL_OPTIONS`) and
in the C locale (`GIT_ENV`), as GitPython's commands do too (`orchestrator/git_repo/repo.py`
passes the same options). It sits in the lowest layer because the cache's trust
(`project_state.cache_trust`) asks git what it tracks; everything else runs git through
`orchestrator.git_repo`, which builds on this.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`: a quick answer loads neither (~5 ms each)
if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

GIT_TIMEOUT_SECONDS = 120
CONFIG_GUARDS = (
    f"core.hooksPath={os.devnull}",  # a hook is code in .git/ that stackcrew did not write
    "core.fsmonitor=false",  # so is an fsmonitor command, run by status and diff
    "core.quotePath=false",  # names in patch headers as written (C-quoted only if odd)
)
GLOBAL_OPTIONS = ("--no-pager", *(arg for guard in CONFIG_GUARDS for arg in ("-c", guard)))
GIT_ENV = {"LC_ALL": "C", "LANGUAGE": "C"}  # output and messages the same everywhere


def try_git(
    root: Path | str, *args: str, stdin: bytes | None = None, timeout: float = GIT_TIMEOUT_SECONDS
) -> subprocess.CompletedProcess[bytes] | None:
    """git in `root` with its exit status left to the caller; None when it took too long."""
    import subprocess  # lazy: a quick answer that runs no git does not load it

    try:
        return subprocess.run(
            ["git", *GLOBAL_OPTIONS, *args], cwd=root, input=stdin, capture_output=True,
            check=False, timeout=timeout, env={**os.environ, **GIT_ENV},
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None


def tracked_pathspec(folder: str) -> str:
    """The pathspec of `folder` and everything under it, in any letter case (a
    case-insensitive file system reads ``.Cache/x`` as ``.cache/x``)."""
    return f":(icase,literal){folder}"
