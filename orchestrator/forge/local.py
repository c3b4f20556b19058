"""The local forge: issues in `project.json`, pull requests in `prs.json`, merges by git.

It is what stackcrew always did, and works with no network and no token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from orchestrator.forge.seam import Merged, Published

if TYPE_CHECKING:
    from orchestrator.pipeline import RunResult
    from orchestrator.project import Project
    from project_state.project_file import Issue, IssueSpec


class LocalForge:
    name = "local"

    def __init__(self, project: Project) -> None:
        self.project = project

    def fetch_issue(self, number: int) -> Issue:
        return self.project.state.issue(number)

    def pull_issues(self, numbers: Sequence[int]) -> list[Issue]:
        from project_state.errors import Refusal  # lazy: keeps importing this module light

        raise Refusal(
            "the tracker is local (project_state/project.json): there is nothing to pull",
            hint="set `tracker: github` in stackcrew.yaml to work from GitHub issues",
        )

    def new_issue(
        self, title: str, body: str, labels: Sequence[str], assignee: str | None,
        spec: IssueSpec | None,
    ) -> Issue:  # fmt: skip
        return self.project.state.new_issue(title, body, labels, assignee=assignee, spec=spec)

    def close_issue(self, number: int) -> Issue:
        return self.project.state.close_issue(number)

    def publish_run(self, result: RunResult) -> Published | None:
        return None  # the QA gate already opened the run's pull request in prs.json

    def merge(self, number: int) -> Merged:
        from orchestrator.review.pull_requests import merge_pr  # lazy: GitPython is slow to import

        pr = merge_pr(self.project, number)
        return Merged(pr.number, pr.branch, pr.base, pr.merge_commit or "")
