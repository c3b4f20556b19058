"""Commits as stackcrew reads them: sha, message, the `Agent:` trailer and the files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from orchestrator.git_repo.command import git

AGENT_TRAILER = "Agent"
# starts each commit in `git log -z` output; no path or message field begins with it
COMMIT_MARK = "\x01commit "


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    message: str
    agent: str | None
    files: tuple[str, ...]


def read_commits(root: Path, base: str, head: str) -> list[CommitInfo]:
    """The commits of `base..head`, oldest first, with their messages and the files each
    changes (a merge: against its first parent)."""
    out = git(
        root, "log", "--reverse", "--no-renames", "--diff-merges=first-parent", "--raw", "-z",
        "--no-abbrev", f"--format={COMMIT_MARK}%H%x00%B", f"{base}..{head}", "--",
    )  # fmt: skip
    commits: list[tuple[str, str, list[str]]] = []
    tokens = iter(out.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(COMMIT_MARK):
            commits.append((token[len(COMMIT_MARK) :].strip(), next(tokens, ""), []))
        elif token.startswith(":") and commits:
            commits[-1][2].append(next(tokens, ""))
    return [
        CommitInfo(sha, message, agent_from_trailer(message), tuple(p for p in paths if p))
        for sha, message, paths in commits
    ]


def agent_from_trailer(message: str) -> str | None:
    for line in reversed(message.strip().splitlines()):
        key, sep, value = line.partition(":")
        if sep and key.strip() == AGENT_TRAILER:
            return value.strip() or None
    return None
