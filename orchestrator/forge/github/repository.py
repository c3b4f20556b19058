"""Which GitHub repository a project's forge is: `repo:` in stackcrew.yaml, else the
`origin` remote's URL, else `GITHUB_REPOSITORY` (set in GitHub Actions)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from orchestrator.errors import ConfigError
from orchestrator.git_repo import config_value

# https://github.com/o/n(.git), git@github.com:o/n.git, ssh://git@host/o/n.git; any host,
# so a GitHub Enterprise Server remote works too.
REMOTE = re.compile(
    r"^(?:[a-z+]+://)?(?:[^@/]+@)?[^/:]+[:/](?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(?:\.git)?/?$"
)
OWNER_NAME = re.compile(r"^[\w.-]+/[\w.-]+$")


@dataclass(frozen=True)
class RepoName:
    owner: str
    name: str

    def __str__(self) -> str:
        return f"{self.owner}/{self.name}"


def repo_name(root: Path, configured: str | None) -> RepoName:
    """The repository's owner and name, from the first place that gives one."""
    for candidate in (configured, _from_origin(root), os.environ.get("GITHUB_REPOSITORY")):
        if candidate and OWNER_NAME.match(candidate):
            owner, name = candidate.split("/")
            return RepoName(owner, name)
    raise ConfigError(
        "stackcrew.yaml: tracker: github needs the repository, and the `origin` remote "
        "does not name one",
        hint="add `repo: OWNER/NAME` to stackcrew.yaml",
    )


def parse_remote_url(url: str) -> str | None:
    """`owner/name` from a remote URL, or None for a local path or an unknown form."""
    if url.startswith(("/", ".", "file:")):
        return None
    found = REMOTE.match(url.strip())
    return f"{found['owner']}/{found['name']}" if found else None


def _from_origin(root: Path) -> str | None:
    url = config_value(root, "remote.origin.url")
    return parse_remote_url(url) if url is not None else None
