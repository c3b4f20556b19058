"""Pull requests as QA sees them: open one for a run, review its current head, merge it.

Merging is a local `git merge --no-ff` into the base branch (never a push), allowed only
when the latest review is APPROVE for the branch's current head commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.names import REVIEWER
from orchestrator.git_repo import GitRepo, resolve
from orchestrator.redaction import redact_text
from orchestrator.review.gate import ReviewReport, review_change
from project_state.clock import utc_now
from project_state.errors import Refusal, StackcrewError
from project_state.pr_file import PullRequest, PullRequests, Review, ReviewFinding

if TYPE_CHECKING:
    from orchestrator.project import Project


def open_pr(
    project: Project, *, branch: str, base: str, title: str, issue: int | None, agent: str | None
) -> PullRequest:
    """Open (or move to the branch's tip) the pull request of `branch` into `base`."""
    head = resolve(project.root, branch)
    pr = PullRequests(project.state_root).open(
        branch=branch, base=base, head=head, title=title, issue=issue, agent=agent
    )
    _log(project, pr, "pr_opened", branch=branch, base=base, head=head)
    return pr


def review_pr(
    project: Project, number: int, *, run_tests: bool = True
) -> tuple[PullRequest, ReviewReport]:
    """Review the pull request's branch as it is now and record the verdict on it."""
    prs = PullRequests(project.state_root)
    pr = prs.read().find(number)
    if pr is None or pr.status != "open":  # exit 2, not 1: 1 means REQUEST CHANGES
        what = "does not exist" if pr is None else f"is {pr.status}"
        raise StackcrewError(
            f"pull request #{number} {what}; only open ones are reviewed",
            hint="`orchestrate pr list` shows them",
        )
    head = resolve(project.root, pr.branch)
    if head != pr.head:
        pr = prs.update_head(number, head)
    report = review_change(project, pr.base, head, issue=pr.issue, run_tests=run_tests)
    pr = prs.add_review(number, review_record(report))
    record_review(project, pr, report)
    return pr, report


def review_record(report: ReviewReport) -> Review:
    findings = [
        ReviewFinding.model_validate(
            {name: getattr(f, name) for name in ReviewFinding.model_fields}
            | {"message": redact_text(f.described)[:500]}  # test output may quote a secret
        )
        for f in report.findings
    ]
    return Review(
        verdict=report.verdict, head=report.head, reviewer=REVIEWER, at=utc_now(), findings=findings
    )


def record_review(project: Project, pr: PullRequest | None, report: ReviewReport) -> None:
    """Log the verdict, and each waiver with its written reason."""
    _log(project, pr, "review", verdict=report.verdict, head=report.head, counts=report.counts())
    for f in report.waived:
        _log(project, pr, "review_waiver", rule=f.rule, file=f.file, line=f.line, reason=f.waived)
    for f in report.inline_waivers:
        _log(project, pr, "review_inline_waiver", rule=f.rule, file=f.file, line=f.line,
             comment=f.inline, honoured=False)  # fmt: skip


def merge_pr(project: Project, number: int) -> PullRequest:
    """Merge an approved pull request locally and close its issue's reviewed tasks."""
    prs = PullRequests(project.state_root)
    pr = prs.get(number)
    _check_mergeable(project, pr)
    repo = GitRepo.open(project.root)
    repo.ensure_on_branch(f"merging pull request #{pr.number}")
    repo.ensure_clean()
    _check_base_is_branch(repo, pr)
    repo.switch_branch(pr.base)
    merge_commit = repo.merge(pr.branch, f"Merge PR #{pr.number}: {pr.title}")
    merged = prs.mark_merged(number, merge_commit)
    _log(project, merged, "pr_merged", merge_commit=merged.merge_commit, base=pr.base)
    _finish_tasks(project, merged)
    return merged


def _check_base_is_branch(repo: GitRepo, pr: PullRequest) -> None:
    if not repo.has_branch(pr.base):
        raise Refusal(
            f"pull request #{pr.number} has base {pr.base!r}, which is not a branch "
            "(the run started on a detached HEAD); merging would land on no branch",
            hint=f"check out the branch it belongs on and run `git merge --no-ff {pr.branch}`",
        )


def _check_mergeable(project: Project, pr: PullRequest) -> None:
    if pr.status != "open":
        raise Refusal(f"pull request #{pr.number} is {pr.status}; it cannot be merged")
    head = resolve(project.root, pr.branch)
    review = pr.latest_review
    if review is None or review.head != head:
        raise Refusal(
            f"pull request #{pr.number} has no review of its current head {head[:8]}",
            hint=f"run `orchestrate review --pr {pr.number}` first",
        )
    if review.verdict != "APPROVE":
        raise Refusal(
            f"the latest review of pull request #{pr.number} is {review.verdict}, not APPROVE",
            hint=f"fix the findings, commit, and run `orchestrate review --pr {pr.number}` again",
        )


def _finish_tasks(project: Project, pr: PullRequest) -> None:
    """Reviewed tasks of the issue are done; an issue whose sprint tasks are all done is
    closed, as a merged pull request saying "Closes #N" would."""
    state = project.state
    if pr.issue is None or not state.exists():
        return
    for task in state.sprint().tasks:
        if task.issue == pr.issue and task.status == "IN_REVIEW":
            state.move_task(task.id, "DONE", agent=REVIEWER, mode="EXECUTE")
    statuses = {t.status for t in state.sprint().tasks if t.issue == pr.issue}
    issue = next((i for i in state.project().issues if i.number == pr.issue), None)
    if statuses == {"DONE"} and issue is not None and issue.status == "open":
        state.close_issue(pr.issue)
        _log(project, pr, "issue_closed", issue=pr.issue)


def _log(project: Project, pr: PullRequest | None, event: str, **data: object) -> None:
    state = project.state
    if not state.exists():
        return
    task = None
    if pr is not None and pr.issue is not None:
        from project_state.store import task_id_for  # lazy: keeps importing this module light

        task = task_id_for(pr.issue)
    number = pr.number if pr is not None else None
    state.record(event, task=task, agent=REVIEWER, mode="EXECUTE", data={"pr": number, **data})
