"""A GitHub-tracked copy of the blog example: the loopback GitHub fake holding its issues,
a bare git repository as `origin`, and the environment pointing stackcrew at both."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestrator.forge.github.client import GitHubClient
from orchestrator.forge.github.credentials import Credentials
from orchestrator.forge.github.repository import RepoName
from orchestrator.scaffold import create_example
from tests.fakes.github_api import FakeGitHub

TOKEN = "ghp_St4ckCr3wT0k3nF0rT3sts0nlyXyZ9876"  # unique, so a grep finds any leak
POST_SPEC = """\
```stackcrew
kind: resource
resource: post
fields:
  - {name: title, type: str, max_length: 200}
  - {name: body, type: text}
  - {name: published, type: bool, required: false, default: false}
  - {name: author_id, type: int, references: users.id}
```
"""
POST_BODY = (
    "Users write blog posts. Add a `Post` model (title, body, published flag, author) with "
    "its Alembic migration, CRUD endpoints under /api/v1/posts with pagination and tests, "
    "and the TypeScript interfaces and API client for the frontend.\n\n" + POST_SPEC
)


@dataclass
class GitHubProject:
    root: Path
    remote: Path
    fake: FakeGitHub
    token: str = TOKEN

    def git(self, *args: str) -> str:
        return git(self.root, *args)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def github_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GitHubProject]:
    root = tmp_path / "blog"
    create_example("blog", root)
    state = root / "project_state" / "project.json"
    project = json.loads(state.read_text())
    state.write_text(json.dumps({**project, "issues": [], "next_issue": 1}, indent=2) + "\n")
    with (root / "stackcrew.yaml").open("a") as config:
        config.write("tracker: github\nrepo: acme/blog\n")
    git(root, "commit", "-qam", "chore: track issues on GitHub")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")
    with FakeGitHub(
        remote=remote, tokens={TOKEN: "stackcrew-bot", "ghp_reviewer": "qa-bot"}
    ) as fake:
        fake.add_issue(
            "Add health-check endpoint", "Expose GET /health.", labels=("backend",), number=44
        )
        fake.add_issue("Add Post resource with CRUD endpoints", POST_BODY,
                       labels=("database", "backend", "frontend"), number=45)  # fmt: skip
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        yield GitHubProject(root, remote, fake)
        assert not fake.errors, fake.errors


@pytest.fixture
def client(github_project: GitHubProject) -> GitHubClient:
    """The client on the fake, as the `GitHubProject`'s token; `.notices` holds what it said."""
    notices: list[str] = []
    credentials = Credentials(github_project.token, github_project.fake.url, "GITHUB_TOKEN")
    made = GitHubClient(credentials, RepoName("acme", "blog"), notice=notices.append)
    made.notices = notices  # type: ignore[attr-defined]
    return made
