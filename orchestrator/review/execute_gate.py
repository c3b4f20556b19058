"""QA at the end of an EXECUTE run: open the pull request, review, send findings back.

    gate_run(project, plan, base=..., rework=...) -> GateResult

REQUEST CHANGES findings go to the agents that own them (unowned ones to the run's
primary agent) as their next instruction, through `rework(agent, instruction)`, which the
pipeline implements by running that agent's step again. The change is then reviewed
again, for at most `review.max_rounds` rounds; after that the task is BLOCKED. APPROVE
leaves the parent task IN_REVIEW (merge moves it to DONE); BLOCK stops it as BLOCKED with
the reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from agents.names import REVIEWER
from orchestrator.config.review import settings_of
from orchestrator.git_repo import git
from orchestrator.review.pull_requests import open_pr, review_pr

if TYPE_CHECKING:
    from orchestrator.planning import Plan
    from orchestrator.project import Project
    from orchestrator.review.findings import Finding
    from orchestrator.review.gate import ReviewReport
    from project_state.pr_file import PullRequest

Rework = Callable[[str, str], bool]  # (agent, instruction) -> False when the agent blocked
GateStatus = Literal["approved", "blocked", "changes_not_made", "agent_blocked"]
MAX_LISTED = 20


@dataclass
class GateResult:
    pr: PullRequest
    report: ReviewReport
    rounds: int
    status: GateStatus

    def to_json(self) -> dict[str, object]:
        return {
            "pr": self.pr.number,
            "verdict": self.report.verdict,
            "rounds": self.rounds,
            "status": self.status,
        }


def gate_run(
    project: Project, plan: Plan, *, base: str, rework: Rework, run_id: str | None = None
) -> GateResult:
    """Review the run's branch until it is approved, blocked, or out of rounds."""
    assert plan.branch is not None and plan.issue is not None
    primary = plan.route.primary if plan.route else plan.steps[0].agent
    if base == plan.branch:  # a resumed run, or a sprint's worktree, starts on its own branch
        base = _base_of_own_branch(project, plan.branch)
    pr = open_pr(
        project, branch=plan.branch, base=base, title=plan.issue_title,
        issue=plan.issue.number, agent=primary,
    )  # fmt: skip
    max_rounds = settings_of(project.config).max_rounds
    rounds = 0
    while True:
        pr, report = review_pr(project, pr.number)
        if report.verdict != "REQUEST_CHANGES":
            return _finish(project, plan, pr, report, rounds, run_id)
        if rounds >= max_rounds:
            reason = f"QA requested changes {rounds + 1} times; still: {_reasons(report.live)}"
            _block(project, plan, reason, run_id)
            return GateResult(pr, report, rounds, "changes_not_made")
        rounds += 1
        for agent, findings in report.by_owner(default=primary).items():
            if not rework(agent or primary, findings_message(findings, pr.number)):
                return GateResult(pr, report, rounds, "agent_blocked")


def findings_message(findings: list[Finding], pr: int) -> str:
    """What QA tells an agent: each finding with its place and how to fix it."""
    lines = [f"QA review of PR #{pr} requests changes in your files. Fix each, then stop:"]
    for f in findings[:MAX_LISTED]:
        lines.append(f"- [{f.rule}] {f.place or '(whole change)'}: {f.message} — fix: {f.fix}")
    if len(findings) > MAX_LISTED:
        lines.append(f"- … and {len(findings) - MAX_LISTED} more of the same kinds")
    return "\n".join(lines)


def _finish(
    project: Project,
    plan: Plan,
    pr: PullRequest,
    report: ReviewReport,
    rounds: int,
    run_id: str | None,
) -> GateResult:
    if report.verdict == "BLOCK":
        _block(project, plan, f"QA blocked PR #{pr.number}: {_reasons(report.live)}", run_id)
        return GateResult(pr, report, rounds, "blocked")
    _move(project, plan, "IN_REVIEW", None, run_id)
    return GateResult(pr, report, rounds, "approved")


def _block(project: Project, plan: Plan, reason: str, run_id: str | None) -> None:
    _move(project, plan, "BLOCKED", reason, run_id)


def _move(
    project: Project, plan: Plan, status: str, reason: str | None, run_id: str | None
) -> None:
    task = plan.parent_task or plan.steps[0].task_id
    if task:
        project.state.move_task(
            task, status, reason=reason, run_id=run_id, agent=REVIEWER, mode="EXECUTE"
        )


def _reasons(findings: list[Finding]) -> str:
    worst = [f for f in findings if f.severity != "warning"][:5]
    return "; ".join(f"{f.rule} at {f.place or 'the change'}" for f in worst)


def review_base(project: Project) -> str:
    """The branch a run starts from (its pull request's base): call before switching."""
    name = git(project.root, "rev-parse", "--abbrev-ref", "HEAD").strip()
    return name if name and name != "HEAD" else git(project.root, "rev-parse", "HEAD").strip()


def _base_of_own_branch(project: Project, branch: str) -> str:
    """The local branch `branch` tracks (a sprint's worktree branches track the branch the
    sprint runs on), else the default branch."""
    upstream = git(project.root, "for-each-ref", "--format=%(upstream)", f"refs/heads/{branch}")
    local = upstream.strip().removeprefix("refs/heads/")
    if local and local != upstream.strip():
        return local
    names = git(project.root, "branch", "--format=%(refname:short)").split()
    return next((n for n in ("main", "master", "develop") if n in names), "main")
