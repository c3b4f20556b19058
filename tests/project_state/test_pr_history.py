"""CONSULT's view of the reviews recorded on pull requests."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from project_state.pr_file import PullRequests, Review, ReviewFinding
from project_state.pr_history import recorded_reviews
from tests.orchestrator.cli.cli_runner import agent


def _review(verdict: str, minute: int, *findings: ReviewFinding) -> Review:
    at = datetime(2026, 11, 1, 12, minute, tzinfo=UTC)
    return Review(verdict=verdict, head=f"{minute:07d}", at=at, findings=list(findings))


def _finding(message: str, *, waived: str | None = None) -> ReviewFinding:
    return ReviewFinding(
        rule="fastapi/auth", severity="error", file="app/api.py", line=7, message=message,
        waived=waived,
    )  # fmt: skip


def _record(root: Path) -> None:
    prs = PullRequests(root)
    first = prs.open(branch="stackcrew/45", base="main", head="0000001", title="posts")
    prs.add_review(first.number, _review("REQUEST_CHANGES", 1, _finding("no auth on delete")))
    prs.add_review(
        first.number,
        _review("REQUEST_CHANGES", 3, _finding("still no auth"), _finding("x", waived="ok")),
    )
    second = prs.open(branch="stackcrew/44", base="main", head="0000002", title="health")
    prs.add_review(second.number, _review("APPROVE", 2))


def test_reviews_are_in_time_order_and_only_current_findings_are_open(tmp_path: Path) -> None:
    (tmp_path / "project_state").mkdir()
    _record(tmp_path)
    records = recorded_reviews(tmp_path)
    assert [(r["pr"], r["verdict"]) for r in records] == [
        (1, "REQUEST_CHANGES"),
        (2, "APPROVE"),
        (1, "REQUEST_CHANGES"),
    ]
    statuses = [(f["message"], f["status"]) for r in records for f in r["findings"]]
    assert statuses == [
        ("no auth on delete", "superseded"),
        ("still no auth", "open"),
        ("x", "waived"),
    ]


def test_no_pull_requests_means_no_reviews(tmp_path: Path) -> None:
    assert recorded_reviews(tmp_path) == []


def test_agent_consult_qa_reports_the_recorded_reviews(blog: Path) -> None:
    _record(blog)
    result = agent("consult", "qa", "open findings?", "--project", blog, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["facts"]["latest"]["verdict"] == "REQUEST_CHANGES"
    assert data["facts"]["verdicts"] == ["REQUEST_CHANGES", "APPROVE", "REQUEST_CHANGES"]
    assert [f["message"] for f in data["facts"]["open_findings"]] == ["still no auth"]
    assert "[error] app/api.py:7 still no auth" in data["answer"]
