"""One GitHub repository as the forge's modules reach it: the project, the repository's
name, and the API client, made on first use (so a command that never talks to GitHub
needs no token)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from orchestrator.forge.github.repository import RepoName, repo_name

if TYPE_CHECKING:
    from orchestrator.forge.github.client import GitHubClient
    from orchestrator.project import Project


class GitHubConnection:
    def __init__(self, project: Project, repo: RepoName | None = None) -> None:
        self.project = project
        self.repo = repo or repo_name(project.root, project.config.repo)
        self._client: GitHubClient | None = None

    @property
    def client(self) -> GitHubClient:
        if self._client is None:
            # lazy: the client imports githubkit, and only a request needs the token
            from orchestrator.forge.github.client import GitHubClient
            from orchestrator.forge.github.credentials import discover_credentials

            self._client = GitHubClient(discover_credentials(), self.repo)
        return self._client
