"""Pull requests end to end through the CLI: open, review (exit codes), merge only when
the latest APPROVE is for the current head."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orchestrator.cli.apps import orchestrate_app
from orchestrator.project import open_project
from orchestrator.review.pull_requests import open_pr

BRANCH = "fastapi/44-slugs"


def orchestrate(*args: str | Path):
    return CliRunner().invoke(orchestrate_app, [str(a) for a in args])


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def _commit_file(root: Path, path: str, text: str, message: str) -> None:
    (root / path).write_text(text)
    _git(root, "add", path)  # only the file: the state files stay out of the commit
    _git(root, "commit", "-qm", f"{message}\n\nAgent: fastapi")


@pytest.fixture
def pr_repo(blog: Path) -> Path:
    """The blog with TASK-044 IN_REVIEW and PR #1 for a clean change on its branch."""
    config = blog / "stackcrew.yaml"
    config.write_text(config.read_text().replace("[python,", f"[{sys.executable},"))
    _git(blog, "commit", "-qam", "chore: this interpreter")
    _git(blog, "checkout", "-qb", BRANCH)
    _commit_file(
        blog,
        "backend/app/services/slug.py",
        '"""Slugs."""\n\n\ndef slugify(t: str) -> str:\n    return t.lower()\n',
        "feat: slugs #44",
    )
    _commit_file(
        blog,
        "backend/tests/test_slug.py",
        "from app.services.slug import slugify\n\n\ndef test_slug() -> None:\n    assert slugify('A') == 'a'\n",
        "feat: slug test #44",
    )
    project = open_project(blog)
    project.state.move_task("TASK-044", "IN_PROGRESS")
    project.state.move_task("TASK-044", "IN_REVIEW")
    open_pr(project, branch=BRANCH, base="main", title="Slugs", issue=44, agent="fastapi")
    _git(blog, "checkout", "-q", "main")
    return blog


def test_merge_is_refused_before_a_review(pr_repo):
    result = orchestrate("merge", "--pr", "1", "-C", pr_repo)
    assert result.exit_code == 1 and "no review of its current head" in result.output


def test_review_approve_then_merge_closes_the_tasks(pr_repo):
    reviewed = orchestrate("review", "--pr", "1", "--no-tests", "--format", "json", "-C", pr_repo)
    assert reviewed.exit_code == 0, reviewed.output
    assert json.loads(reviewed.stdout)["verdict"] == "APPROVE"
    merged = orchestrate("merge", "--pr", "1", "-C", pr_repo)
    assert merged.exit_code == 0, merged.output
    assert "Merge PR #1" in _git(pr_repo, "log", "-1", "--format=%s", "main")
    assert len(_git(pr_repo, "log", "-1", "--format=%P", "main").split()) == 2  # --no-ff
    shown = json.loads(orchestrate("pr", "show", "1", "--json", "-C", pr_repo).stdout)
    assert shown["status"] == "merged" and shown["reviews"][0]["verdict"] == "APPROVE"
    project = open_project(pr_repo)
    assert project.state.task("TASK-044").status == "DONE"
    events = [e.event for e in project.state.events().events]
    assert {"pr_opened", "review", "pr_merged", "issue_closed"} <= set(events)
    issue = next(i for i in project.state.project().issues if i.number == 44)
    assert issue.status == "closed" and issue.closed_at is not None


def test_a_merge_without_a_git_identity_is_made_as_stackcrew(pr_repo, no_git_identity):
    assert orchestrate("review", "--pr", "1", "--no-tests", "-C", pr_repo).exit_code == 0
    merged = orchestrate("merge", "--pr", "1", "-C", pr_repo)
    assert merged.exit_code == 0, merged.output
    author = _git(pr_repo, "log", "-1", "--format=%an <%ae>|%s", "main").strip()
    assert author == "stackcrew <stackcrew@localhost>|Merge PR #1: Slugs"
    assert "[user]" not in (pr_repo / ".git" / "config").read_text()


def test_a_merge_git_cannot_make_says_so_and_leaves_the_pull_request_open(pr_repo):
    reviewed = orchestrate("review", "--pr", "1", "--no-tests", "-C", pr_repo)
    assert reviewed.exit_code == 0, reviewed.output
    _commit_file(pr_repo, "backend/app/services/slug.py", '"""Other slugs."""\n', "feat: slugs")
    result = orchestrate("merge", "--pr", "1", "-C", pr_repo)
    assert result.exit_code == 2, result.output  # an error, not a verdict
    assert f"git merge {BRANCH} failed" in result.output and "CONFLICT" in result.output
    assert "git merge --abort" in result.output
    shown = json.loads(orchestrate("pr", "show", "1", "--json", "-C", pr_repo).stdout)
    assert shown["status"] == "open"


def test_an_issue_with_work_left_stays_open_after_a_merge(pr_repo):
    project = open_project(pr_repo)
    project.state.add_task(issue=44, agent="vue", title="show slugs", suffix="vue")
    assert orchestrate("review", "--pr", "1", "--no-tests", "-C", pr_repo).exit_code == 0
    assert orchestrate("merge", "--pr", "1", "-C", pr_repo).exit_code == 0
    assert project.state.task("TASK-044").status == "DONE"
    assert project.state.issue(44).status == "open"


def test_a_new_commit_needs_a_new_review(pr_repo):
    assert orchestrate("review", "--pr", "1", "--no-tests", "-C", pr_repo).exit_code == 0
    _git(pr_repo, "checkout", "-q", BRANCH)
    _commit_file(
        pr_repo,
        "backend/app/services/slug.py",
        '"""Slugs."""\n\n\ndef slugify(t: str) -> str:\n    return t.upper()\n',
        "feat: louder #44",
    )
    _git(pr_repo, "checkout", "-q", "main")
    result = orchestrate("merge", "--pr", "1", "-C", pr_repo)
    assert result.exit_code == 1 and "no review of its current head" in result.output


def test_request_changes_exits_1_and_blocks_merge(pr_repo):
    _git(pr_repo, "checkout", "-q", BRANCH)
    _commit_file(
        pr_repo,
        "backend/app/services/slug.py",
        "def slugify(t: str) -> str:\n    print(t)\n    return t\n",
        "feat: debug #44",
    )
    _git(pr_repo, "checkout", "-q", "main")
    result = orchestrate("review", "--pr", "1", "--no-tests", "--format", "github", "-C", pr_repo)
    assert result.exit_code == 1 and "title=RUFF-T201" in result.stdout
    assert orchestrate("merge", "--pr", "1", "-C", pr_repo).exit_code == 1
    listed = json.loads(orchestrate("pr", "list", "--json", "-C", pr_repo).stdout)
    assert listed[0]["reviews"][-1]["verdict"] == "REQUEST_CHANGES"
    assert orchestrate("pr", "list", "-C", pr_repo).exit_code == 0


def test_block_exits_3_in_the_ci_form(pr_repo):
    _git(pr_repo, "checkout", "-q", BRANCH)
    _commit_file(
        pr_repo, "backend/app/core/keys.py", 'AWS = "AKIAIOSFODNN7EXAMPLE"\n', "feat: key #44"
    )
    result = orchestrate(
        "review", "--base", "main", "--no-tests", "--format", "sarif", "-C", pr_repo
    )
    assert result.exit_code == 3
    assert json.loads(result.stdout)["runs"][0]["results"][0]["ruleId"] == "QA-SECRET"


def test_usage_errors_exit_2(pr_repo):
    assert orchestrate("review", "-C", pr_repo).exit_code == 2
    assert orchestrate("review", "--base", "no-such-ref", "-C", pr_repo).exit_code == 2
    assert orchestrate("review", "--pr", "7", "-C", pr_repo).exit_code == 2
    assert orchestrate("merge", "--pr", "7", "-C", pr_repo).exit_code == 1


def test_waived_findings_are_logged_with_their_reason(pr_repo):
    from orchestrator.review.findings import Finding
    from orchestrator.review.gate import ReviewReport
    from orchestrator.review.pull_requests import record_review
    from project_state.pr_file import PullRequests

    project = open_project(pr_repo)
    waived = Finding(
        "QA-SECRET", "block", "a.py", 1, "key", "rotate", waived="fixture key for moto"
    )
    record_review(
        project, PullRequests(pr_repo).get(1), ReviewReport("a" * 40, "b" * 40, "APPROVE", [waived])
    )
    logged = [e for e in project.state.events().events if e.event == "review_waiver"]
    assert (
        logged[-1].data["reason"] == "fixture key for moto"
        and logged[-1].data["rule"] == "QA-SECRET"
    )
