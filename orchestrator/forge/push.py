"""Pushing a run's branch to the `origin` remote, with git's own credentials.

stackcrew never puts a token into a remote URL or git's config: a push authenticates the
way the person's own `git push` does (a credential helper, `gh auth setup-git`, or the
checkout action's header in GitHub Actions). Pushing a branch that is already there is
a no-op, so a resumed run never pushes twice.
"""

from __future__ import annotations

from pathlib import Path

from orchestrator.forge.errors import ForgeError
from orchestrator.redaction import redact_text
from project_state.errors import StackcrewError

REMOTE = "origin"


def push_branch(root: Path, branch: str) -> str:
    """Push `branch` to origin under the same name; return the pushed commit."""
    from orchestrator.git_repo import git, resolve  # lazy for start-up

    head = resolve(root, f"refs/heads/{branch}")
    try:
        git(root, "push", "--porcelain", REMOTE, f"refs/heads/{branch}:refs/heads/{branch}")
    except StackcrewError as exc:
        raise ForgeError(
            f"cannot push {branch} to {REMOTE}: {redact_text(exc.message)}",
            hint=f"check that `git push {REMOTE} {branch}` works here",
        ) from None
    return head
