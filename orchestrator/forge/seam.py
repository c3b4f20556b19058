"""What every forge does (`Forge`) and what it hands back (`Merged`, `Published`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence

    from orchestrator.pipeline import RunResult
    from project_state.project_file import Issue, IssueSpec


@dataclass(frozen=True)
class Merged:
    """A pull request merged into its base."""

    number: int
    branch: str
    base: str
    sha: str


@dataclass(frozen=True)
class Published:
    """The pull request a finished EXECUTE run is in."""

    number: int
    url: str
    created: bool  # False: an open pull request of the branch was updated


class Forge(Protocol):
    name: str

    def fetch_issue(self, number: int) -> Issue:
        """The issue, as the engine will plan from it (cached locally first if remote)."""
        ...

    def pull_issues(self, numbers: Sequence[int]) -> list[Issue]:
        """Refresh the local copies of `numbers` (none: every cached one)."""
        ...

    def new_issue(
        self, title: str, body: str, labels: Sequence[str], assignee: str | None,
        spec: IssueSpec | None,
    ) -> Issue: ...  # fmt: skip

    def close_issue(self, number: int) -> Issue: ...

    def publish_run(self, result: RunResult) -> Published | None:
        """Push a finished run's branch and open (or update) its pull request."""
        ...

    def merge(self, number: int) -> Merged: ...
