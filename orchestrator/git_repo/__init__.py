"""The one git layer: every git command stackcrew runs starts here, with the same guards
(the process itself in `project_state/git_process.py`, which the cache's trust check in
`project_state/cache_trust.py` uses directly: the lowest layer cannot import this one).

| module | what it runs |
|---|---|
| `command.py` | `git(root, *args)`, `git_bytes`, `try_git` (from `project_state.git_process`), `resolve`, `tracked_under`: one subprocess per command, the guards every git call carries |
| `commits.py` | `read_commits`: the commits of a range, with their `Agent:` trailers |
| `objects.py` | `read_blobs`, `export_tree`: contents from git's objects, the work tree untouched |
| `repo.py` | `GitRepo`: status, branches, commits and merges of the work tree, through GitPython |

The subprocess commands serve the review's hot path (one short process each, no GitPython
to import); `GitRepo` serves the pipeline, which works a tree across many commands.
GitPython is imported only when a `GitRepo` is opened, never at import.
"""

from orchestrator.git_repo.command import (
    GIT_TIMEOUT_SECONDS,
    PLAIN_PATCH,
    config_value,
    git,
    git_bytes,
    merge_base,
    resolve,
    tracked_under,
    try_git,
)
from orchestrator.git_repo.commits import COMMIT_MARK, CommitInfo, agent_from_trailer, read_commits
from orchestrator.git_repo.objects import export_tree, read_blobs
from orchestrator.git_repo.repo import STATE_PREFIX, GitRepo

__all__ = [
    "COMMIT_MARK",
    "GIT_TIMEOUT_SECONDS",
    "PLAIN_PATCH",
    "STATE_PREFIX",
    "CommitInfo",
    "GitRepo",
    "agent_from_trailer",
    "config_value",
    "export_tree",
    "git",
    "git_bytes",
    "merge_base",
    "read_blobs",
    "read_commits",
    "resolve",
    "tracked_under",
    "try_git",
]
