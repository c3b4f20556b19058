"""A GitHub-tracked copy of the blog example: the loopback GitHub fake holding its issues,
a bare git repository as `origin`, and the environment pointing stackcrew at both. The
repositories are built once a session and copied for each test."""

from __future__ import annotations

import json
import shutil
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
from tests.shared_build import built_once

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
def github_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GitHubProject]:
    built = built_once(tmp_path_factory, "github-blog", make_github_blog)
    root, remote = tmp_path / "blog", tmp_path / "remote.git"
    shutil.copytree(built / "blog", root, symlinks=True)
    shutil.copytree(built / "remote.git", remote, symlinks=True)
    git(root, "remote", "set-url", "origin", str(remote))
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


def make_github_blog(folder: Path) -> None:
    """The blog example tracking its issues on GitHub, its main pushed to a bare `origin`."""
    root = folder / "blog"
    create_example("blog", root)
    state = root / "project_state" / "project.json"
    project = json.loads(state.read_text())
    state.write_text(json.dumps({**project, "issues": [], "next_issue": 1}, indent=2) + "\n")
    with (root / "stackcrew.yaml").open("a") as config:
        config.write("tracker: github\nrepo: acme/blog\n")
    git(root, "commit", "-qam", "chore: track issues on GitHub")
    remote = folder / "remote.git"
    git(folder, "init", "-q", "--bare", "-b", "main", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")


@pytest.fixture
def client(github_project: GitHubProject) -> GitHubClient:
    """The client on the fake, as the `GitHubProject`'s token; `.notices` holds what it said."""
    notices: list[str] = []
    credentials = Credentials(github_project.token, github_project.fake.url, "GITHUB_TOKEN")
    made = GitHubClient(credentials, RepoName("acme", "blog"), notice=notices.append)
    made.notices = notices  # type: ignore[attr-defined]
    return made
