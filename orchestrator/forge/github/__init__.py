"""The GitHub forge: issues, pull requests, the QA gate's status and review, merges.

    GitHubForge(project)
      .fetch_issue(n) / .pull_issues([n…]) / .new_issue(…) / .close_issue(n)   issues.py
      .publish_run(result)     push the branch, open or update its pull request  pulls.py
      .merge(n)                merge through the API after an APPROVE on its head  merge.py
    post_review(…)             commit status `stackcrew/qa` and a review           gate.py

The client (`client.py`, the only importer of githubkit) is made on first use, so a
command that never talks to GitHub needs no token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from orchestrator.forge.github import issues, merge, pulls
from orchestrator.forge.github.connection import GitHubConnection

if TYPE_CHECKING:
    from orchestrator.forge.seam import Merged, Published
    from orchestrator.pipeline import RunResult
    from project_state.project_file import Issue, IssueSpec


class GitHubForge(GitHubConnection):
    name = "github"

    def fetch_issue(self, number: int) -> Issue:
        return issues.pull_issue(self, number)

    def pull_issues(self, numbers: Sequence[int]) -> list[Issue]:
        return issues.pull_issues(self, numbers)

    def new_issue(
        self, title: str, body: str, labels: Sequence[str], assignee: str | None,
        spec: IssueSpec | None,
    ) -> Issue:  # fmt: skip
        return issues.create_issue(self, title, body, labels, assignee, spec)

    def close_issue(self, number: int) -> Issue:
        return issues.close_issue(self, number)

    def publish_run(self, result: RunResult) -> Published | None:
        return pulls.publish_run(self, result)

    def merge(self, number: int) -> Merged:
        return merge.merge_pull(self, number)
