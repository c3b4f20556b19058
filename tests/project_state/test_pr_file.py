"""`prs.json`: open, review, merge; versioned, validated, written atomically under the lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from project_state.clock import utc_now
from project_state.errors import Refusal, StateFileError, UnknownVersionError
from project_state.pr_file import PullRequests, Review
from project_state.store import ProjectState

HEAD = "a" * 40


@pytest.fixture
def prs(state: ProjectState) -> PullRequests:
    return PullRequests(state.paths.root)


def _open(prs: PullRequests, branch: str = "fastapi/45-posts", head: str = HEAD):
    return prs.open(branch=branch, base="main", head=head, title="Posts", issue=45, agent="fastapi")


def test_no_file_means_no_pull_requests(prs):
    assert prs.list() == [] and not prs.path.exists()


def test_open_numbers_pull_requests_and_reopening_a_branch_moves_its_head(prs):
    first = _open(prs)
    second = _open(prs, branch="vue/46-list")
    again = _open(prs, head="b" * 40)
    assert (first.number, second.number, again.number) == (1, 2, 1)
    assert prs.get(1).head == "b" * 40 and [p.number for p in prs.list("open")] == [1, 2]
    assert json.loads(prs.path.read_text())["version"] == 1


def test_reviews_append_and_the_latest_counts(prs):
    _open(prs)
    prs.add_review(1, Review(verdict="REQUEST_CHANGES", head=HEAD, at=utc_now()))
    pr = prs.add_review(1, Review(verdict="APPROVE", head=HEAD, at=utc_now()))
    assert [r.verdict for r in pr.reviews] == ["REQUEST_CHANGES", "APPROVE"]
    assert prs.get(1).latest_review.verdict == "APPROVE"


def test_merged_pull_requests_take_no_more_changes(prs):
    _open(prs)
    merged = prs.mark_merged(1, "c" * 40)
    assert merged.status == "merged" and merged.merged_at is not None
    with pytest.raises(Refusal, match="merged"):
        prs.add_review(1, Review(verdict="APPROVE", head=HEAD, at=utc_now()))
    with pytest.raises(Refusal, match="no pull request #9"):
        prs.get(9)


def test_close(prs):
    _open(prs)
    assert prs.close(1).status == "closed" and prs.list("open") == []


def test_legacy_file_without_version_migrates(prs):
    pr = _open(prs).model_dump(mode="json")
    prs.path.write_text(json.dumps({"prs": [pr]}))
    assert prs.read().next_number == 2 and prs.get(1).branch == "fastapi/45-posts"


def test_newer_version_is_refused_and_left_alone(prs):
    prs.path.write_text('{"version": 7, "prs": []}')
    with pytest.raises(UnknownVersionError):
        prs.list()
    assert prs.path.read_text() == '{"version": 7, "prs": []}'


def test_broken_file_names_the_place(prs):
    prs.path.write_text('{"version": 1, "prs": [{"number": "x"}]}')
    with pytest.raises(StateFileError, match=r"project_state/prs.json:1:\d+"):
        prs.list()


def test_writes_leave_no_temporary_files(prs):
    _open(prs)
    prs.add_review(1, Review(verdict="APPROVE", head=HEAD, at=utc_now()))
    leftovers = [p.name for p in Path(prs.path.parent).iterdir() if "tmp" in p.name]
    assert leftovers == []
