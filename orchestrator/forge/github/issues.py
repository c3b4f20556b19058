"""GitHub issues as stackcrew's tracker: read into `project.json` as cached copies, filed
and closed on GitHub.

A cached issue keeps GitHub's number, title, body, labels and state; its `source` names the
repository, the issue's URL, its assignees (GitHub users) and when it was read. The agent
an issue is assigned to travels as a label `agent:NAME`, since GitHub assigns people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orchestrator.forge.spec_block import spec_from_body
from project_state.clock import utc_now
from project_state.errors import Refusal
from project_state.project_file import Issue, IssueSource, IssueSpec

if TYPE_CHECKING:
    from collections.abc import Sequence

    from orchestrator.forge.github.connection import GitHubConnection

AGENT_LABEL = "agent:"


def pull_issue(forge: GitHubConnection, number: int) -> Issue:
    """Read issue `number` from GitHub and keep it in `project.json`."""
    api = forge.client
    found = api.call(
        f"read issue #{number}",
        lambda: api.rest.issues.get(forge.repo.owner, forge.repo.name, number),
    )
    return forge.project.state.cache_issue(issue_from_github(found, str(forge.repo)))


def pull_issues(forge: GitHubConnection, numbers: Sequence[int]) -> list[Issue]:
    """Refresh `numbers`, or every issue of this repository cached so far."""
    wanted = list(numbers) or [
        i.number
        for i in forge.project.state.project().issues
        if i.source is not None and i.source.repo == str(forge.repo)
    ]
    return [pull_issue(forge, n) for n in wanted]


def create_issue(
    forge: GitHubConnection, title: str, body: str, labels: Sequence[str], assignee: str | None,
    spec: IssueSpec | None,
) -> Issue:  # fmt: skip
    """File the issue on GitHub (the spec as a ```stackcrew block) and cache it."""
    api = forge.client
    text = with_spec_block(body, spec)
    tags = [*labels, *([f"{AGENT_LABEL}{assignee}"] if assignee else [])]
    created = api.call(
        "create an issue",
        lambda: api.rest.issues.create(
            forge.repo.owner, forge.repo.name, title=title, body=text, labels=tags
        ),
    )
    return forge.project.state.cache_issue(issue_from_github(created, str(forge.repo)))


def close_issue(forge: GitHubConnection, number: int) -> Issue:
    api = forge.client
    closed = api.call(
        f"close issue #{number}",
        lambda: api.rest.issues.update(
            forge.repo.owner, forge.repo.name, number, state="closed", state_reason="completed"
        ),
    )
    return forge.project.state.cache_issue(issue_from_github(closed, str(forge.repo)))


def issue_from_github(found: Any, repo: str) -> Issue:
    """The cached copy of a githubkit `Issue`; a pull request is refused."""
    if getattr(found, "pull_request", None):
        raise Refusal(
            f"{repo}#{found.number} is a pull request, not an issue",
            hint="give the number of the issue the pull request is for",
        )
    body = found.body or ""
    labels = [label if isinstance(label, str) else label.name or "" for label in found.labels]
    agents = [label.removeprefix(AGENT_LABEL) for label in labels if label.startswith(AGENT_LABEL)]
    source = IssueSource(
        forge="github",
        repo=repo,
        url=found.html_url,
        assignees=[user.login for user in found.assignees or []],
        fetched_at=utc_now(),
    )
    return Issue(
        number=found.number,
        title=found.title,
        body=body,
        labels=[label for label in labels if label and not label.startswith(AGENT_LABEL)],
        assignee=agents[0] if agents else None,
        status="closed" if found.state == "closed" else "open",
        spec=spec_from_body(body, f"{repo}#{found.number}"),
        created_at=found.created_at,
        closed_at=found.closed_at,
        source=source,
    )


def with_spec_block(body: str, spec: IssueSpec | None) -> str:
    if spec is None:
        return body
    import yaml  # lazy: only a spec needs it

    block = yaml.safe_dump(spec.model_dump(mode="json", exclude_none=True), sort_keys=False)
    return f"{body.rstrip()}\n\n```stackcrew\n{block}```\n".lstrip()
