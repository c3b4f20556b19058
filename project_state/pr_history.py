"""The QA reviews recorded on pull requests, as CONSULT reports them.

A finding is open while it stands on the latest review of an open pull request and is not
waived; on an earlier review it is ``superseded`` (a later review of the branch replaced
it), on a merged or closed pull request it is ``merged`` or ``closed``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from project_state.pr_file import PullRequests


def recorded_reviews(repo_root: Path) -> list[dict[str, Any]]:
    """Every review of every pull request in ``project_state/prs.json``, oldest first."""
    records = []
    for pr in PullRequests(repo_root).read().prs:
        for position, review in enumerate(pr.reviews, 1):
            latest = position == len(pr.reviews)
            findings = [
                f.model_dump(mode="json") | {"status": _status(pr.status, latest, f.waived)}
                for f in review.findings
            ]
            records.append(
                {
                    "pr": pr.number,
                    "title": pr.title,
                    "verdict": review.verdict,
                    "head": review.head,
                    "at": review.at.isoformat(),
                    "findings": findings,
                }
            )
    return sorted(records, key=lambda record: record["at"])


def _status(pr_status: str, latest: bool, waived: str | None) -> str:
    if waived:
        return "waived"
    if not latest:
        return "superseded"
    return "open" if pr_status == "open" else pr_status
