"""Merging a GitHub pull request through the API, only on QA's APPROVE of its head.

The pull request must target the repository's default branch, and the latest
`stackcrew/qa` status that the gate itself set on its current head commit must be `success`
(the gate's APPROVE, set by an EXECUTE run or by `orchestrate review --post`: by this
token's user or by GitHub Actions; a status of that name from anyone else is ignored);
the merge names that head, so a push in between makes GitHub refuse it (409) rather than
merge unreviewed commits. GitHub closes the issue the body says it closes; stackcrew moves
the issue's reviewed tasks to DONE and refreshes its copy of the issue. Merging a pull
request that is already merged only does the last two, so running it twice is harmless.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agents.names import REVIEWER
from orchestrator.forge.branch_issue import issue_of_body, issue_of_branch
from orchestrator.forge.errors import ForgeNotFound
from orchestrator.forge.github.client import notice_on_stderr
from orchestrator.forge.github.gate import ACTIONS_USER, CONTEXT, login
from orchestrator.forge.github.issues import pull_issue
from orchestrator.forge.github.pulls import default_branch, read_pull
from orchestrator.forge.seam import Merged
from project_state.errors import Refusal

if TYPE_CHECKING:
    from orchestrator.forge.github.connection import GitHubConnection


def merge_pull(forge: GitHubConnection, number: int) -> Merged:
    api, repo = forge.client, forge.repo
    pull = read_pull(forge, number)
    sha = ""  # merged before: GitHub's pull request object does not name the merge commit
    if not pull.merged:
        _check_approved(forge, pull)
        result = api.call(
            f"merge pull request #{number}",
            lambda: api.rest.pulls.merge(
                repo.owner, repo.name, number, sha=pull.head.sha, merge_method="merge",
                commit_title=f"Merge pull request #{number}: {pull.title}",
            ),
        )  # fmt: skip
        sha = result.sha
    _finish(forge, pull, sha)
    return Merged(number, pull.head.ref, pull.base.ref, sha)


def _check_approved(forge: GitHubConnection, pull: Any) -> None:
    if pull.state != "open":
        raise Refusal(f"pull request #{pull.number} is closed without a merge; it cannot be merged")
    default = default_branch(forge)
    if pull.base.ref != default:
        raise Refusal(
            f"pull request #{pull.number} targets {pull.base.ref}, not the default branch "
            f"{default}: QA's verdict and `Closes #N` are for the default branch",
            hint="retarget it to the default branch, or merge it on GitHub yourself",
        )
    api, repo, head = forge.client, forge.repo, pull.head.sha
    statuses = api.call(
        f"read the statuses of {head[:8]}",
        lambda: api.rest.repos.list_commit_statuses_for_ref(repo.owner, repo.name, head),
    )
    gate = {login(forge), ACTIONS_USER}
    latest = next(  # newest first
        (s for s in statuses if s.context == CONTEXT and s.creator and s.creator.login in gate),
        None,
    )
    if latest is None:
        raise Refusal(
            f"pull request #{pull.number} has no {CONTEXT} verdict on its head {head[:8]}",
            hint="QA reviews it in the gate workflow (`orchestrate review --post`) or when "
            "`orchestrate run` opens it",
        )
    if latest.state != "success":
        raise Refusal(
            f"the latest QA verdict on the head {head[:8]} of pull request #{pull.number} is "
            f"{latest.state} ({latest.description or 'no description'}), not APPROVE",
            hint="fix the findings and push; the gate reviews the new head",
        )


def _finish(forge: GitHubConnection, pull: Any, sha: str) -> None:
    """The issue's reviewed tasks are done, and its copy shows GitHub's state (closed by
    `Closes #N`)."""
    state = forge.project.state
    issue = issue_of_branch(pull.head.ref, forge.project.registry.names()) or issue_of_body(
        pull.body or ""
    )
    if issue is None or not state.exists():
        return
    for task in state.sprint().tasks:
        if task.issue == issue and task.status == "IN_REVIEW":
            state.move_task(task.id, "DONE", agent=REVIEWER, mode="EXECUTE")
    state.record(
        "pr_merged", agent=REVIEWER, mode="EXECUTE",
        data={"forge": "github", "pr": pull.number, "merge_commit": sha or None, "issue": issue},
    )  # fmt: skip
    try:
        pull_issue(forge, issue)
    except ForgeNotFound:  # the merge is done; a body may name an issue that is not there
        notice_on_stderr(f"issue #{issue} is not on GitHub: its copy was not refreshed")
