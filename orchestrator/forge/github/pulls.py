"""A finished EXECUTE run as a GitHub pull request.

The branch is pushed to `origin`, then the open pull request of that branch is found and
updated, or one is opened into the repository's default branch. Its body says
`Closes #N` (so merging closes the issue), and lists the tasks, the agents, the run's
cost and QA's verdict. Running again, or resuming a run that stopped on a forge error,
updates the same pull request: one branch, one pull request. The run's QA verdict
becomes the `stackcrew/qa` status of the head it reviewed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orchestrator.forge.errors import ForgeUnprocessable
from orchestrator.forge.github.gate import post_status
from orchestrator.forge.push import push_branch
from orchestrator.forge.seam import Published

if TYPE_CHECKING:
    from orchestrator.forge.github.connection import GitHubConnection
    from orchestrator.pipeline import RunResult

MARKER = "<!-- stackcrew:pull-request -->"


def publish_run(forge: GitHubConnection, result: RunResult) -> Published | None:
    """Push the run's branch and open or update its pull request (None: nothing to show)."""
    plan = result.plan
    if not plan.tracked or plan.branch is None or plan.issue is None or result.blocked:
        return None
    head = push_branch(forge.project.root, plan.branch)
    title = f"{plan.issue_title} #{plan.issue.number}"
    body = pull_request_body(forge, result)
    found = open_pull_of(forge, plan.branch)
    if found is None:
        found, created = _open(forge, plan.branch, title, body), True
    else:
        found, created = _update(forge, found.number, title, body), False
    _record(forge, result, found, created, head)
    if result.review is not None and result.review.report.head == head:
        verdict = result.review.report
        state = "success" if verdict.verdict == "APPROVE" else "failure"
        post_status(forge, head, state, f"{verdict.verdict} (the run's QA gate)")
    return Published(found.number, found.html_url, created)


def open_pull_of(forge: GitHubConnection, branch: str) -> Any:
    api, repo = forge.client, forge.repo
    pulls = api.call(
        f"list the open pull requests of {branch}",
        lambda: api.rest.pulls.list(
            repo.owner, repo.name, state="open", head=f"{repo.owner}:{branch}"
        ),
    )
    return next((p for p in pulls if p.head.ref == branch), None)


def read_pull(forge: GitHubConnection, number: int) -> Any:
    api, repo = forge.client, forge.repo
    return api.call(
        f"read pull request #{number}", lambda: api.rest.pulls.get(repo.owner, repo.name, number)
    )


def default_branch(forge: GitHubConnection) -> str:
    api, repo = forge.client, forge.repo
    found = api.call(
        f"read the repository {repo}", lambda: api.rest.repos.get(repo.owner, repo.name)
    )
    return found.default_branch


def _open(forge: GitHubConnection, branch: str, title: str, body: str) -> Any:
    api, repo = forge.client, forge.repo
    base = default_branch(forge)
    try:
        return api.call(
            f"open a pull request of {branch} into {base}",
            lambda: api.rest.pulls.create(
                repo.owner, repo.name, title=title, head=branch, base=base, body=body
            ),
        )
    except ForgeUnprocessable:
        again = open_pull_of(forge, branch)  # opened meanwhile (422: it already exists)
        if again is None:
            raise
        return _update(forge, again.number, title, body)


def _update(forge: GitHubConnection, number: int, title: str, body: str) -> Any:
    api, repo = forge.client, forge.repo
    return api.call(
        f"update pull request #{number}",
        lambda: api.rest.pulls.update(repo.owner, repo.name, number, title=title, body=body),
    )


def pull_request_body(forge: GitHubConnection, result: RunResult) -> str:
    """`Closes #N`, the issue's tasks and agents, the run's cost and QA's verdict."""
    plan = result.plan
    assert plan.issue is not None
    state = forge.project.state
    tasks = [t for t in state.sprint().tasks if t.issue == plan.issue.number]
    agents = sorted({s.step.agent for s in result.steps} | {s.agent for s in plan.steps})
    lines = [
        f"Closes #{plan.issue.number}",
        "",
        f"Opened by stackcrew's EXECUTE run `{result.run_id}`.",
        "",
        "| task | agent | status |",
        "|---|---|---|",
        *(f"| {t.id} | {t.agent} | {t.status} |" for t in tasks),
        "",
        f"Agents: {', '.join(agents)}",
        f"Cost: ${_run_cost(forge, result.run_id):.4f}",
    ]
    if result.review is not None:
        report = result.review.report
        lines.append(
            f"QA: {report.verdict} on `{report.head[:8]}` (`orchestrate review` re-checks it)"
        )
    return "\n".join([*lines, "", MARKER]) + "\n"


def _run_cost(forge: GitHubConnection, run_id: str) -> float:
    events = forge.project.state.events().events
    return sum(
        float(e.data.get("cost_usd") or 0.0)
        for e in events
        if e.run_id == run_id and e.event == "usage"
    )


def _record(
    forge: GitHubConnection, result: RunResult, pull: Any, created: bool, head: str
) -> None:
    """The pull request's number on the issue's task, and an event in the task log."""
    plan = result.plan
    task = plan.parent_task or plan.steps[0].task_id
    if task is None:
        return
    state = forge.project.state
    state.update_task(task, pr=pull.number, run_id=result.run_id, mode="EXECUTE")
    state.record(
        "forge_pull_request", task=task, mode="EXECUTE", run_id=result.run_id,
        data={"forge": "github", "repo": str(forge.repo), "number": pull.number,
              "url": pull.html_url, "created": created, "head": head},
    )  # fmt: skip
