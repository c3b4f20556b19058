"""The QA gate's verdict on a GitHub pull request (`orchestrate review --post`).

- A commit status `stackcrew/qa` on the head commit: `success` (APPROVE), `failure`
  (REQUEST CHANGES, BLOCK) or `error` (the review itself failed). Branch protection can
  require it.
- A review holding the Markdown summary, with an inline comment on each finding whose line
  is in the pull request's diff. It approves or requests changes, except on a pull request
  the token opened itself, which GitHub does not allow: then it comments, and the status
  carries the verdict.
- Re-runs replace their own summary: the earlier review is edited when its state fits the
  new verdict, else dismissed (or emptied, for a comment) before a new one is posted; an
  inline comment already made on the same finding is not made again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from orchestrator.forge.github.connection import GitHubConnection
    from orchestrator.forge.github.event import PullRequestEvent
    from orchestrator.review.findings import Finding
    from orchestrator.review.gate import ReviewReport

CONTEXT = "stackcrew/qa"
ACTIONS_USER = "github-actions[bot]"  # who Actions' GITHUB_TOKEN acts as
MARKER = "<!-- stackcrew:qa -->"
RETIRED = "<!-- stackcrew:qa-retired -->"  # a summary a later verdict replaced
StatusState = Literal["success", "failure", "error"]
ReviewEvent = Literal["APPROVE", "REQUEST_CHANGES", "COMMENT"]
STATE_OF_EVENT = {
    "APPROVE": "APPROVED",
    "REQUEST_CHANGES": "CHANGES_REQUESTED",
    "COMMENT": "COMMENTED",
}
MAX_INLINE = 50


@dataclass(frozen=True)
class Posted:
    status: StatusState
    review_id: int | None
    review_event: ReviewEvent | None
    inline: int  # inline comments made by this run


def post_error(forge: GitHubConnection, event: PullRequestEvent, message: str) -> Posted:
    """The review could not run: say so on the head commit."""
    post_status(forge, event.pull_request.head.sha, "error", f"QA could not review: {message}")
    return Posted("error", None, None, 0)


def post_report(forge: GitHubConnection, event: PullRequestEvent, report: ReviewReport) -> Posted:
    """The status and the review for `report` on the event's pull request."""
    head = event.pull_request.head.sha  # GitHub's own, checked before the review
    state: StatusState = "success" if report.verdict == "APPROVE" else "failure"
    post_status(forge, head, state, f"{report.verdict}: {_counts(report)}")
    me = login(forge)
    kind = _review_event(me, event, report)
    inline = _inline(forge, event, report.live)
    earlier = _own_reviews(forge, event.number, me)
    review_id, made = _replace_review(
        forge, event.number, kind, _summary(report), inline, head, earlier, me
    )
    return Posted(state, review_id, kind, made)


def post_status(forge: GitHubConnection, sha: str, state: StatusState, description: str) -> None:
    api, repo = forge.client, forge.repo
    description = api.credentials.scrub(description)  # an error's text may quote anything
    text = description if len(description) <= 140 else description[:139] + "…"
    api.call(
        f"set the {CONTEXT} status of {sha[:8]}",
        lambda: api.rest.repos.create_commit_status(
            repo.owner, repo.name, sha, state=state, context=CONTEXT, description=text,
            target_url=_run_url(),
        ),
    )  # fmt: skip


def login(forge: GitHubConnection) -> str:
    """The token's user. Actions' GITHUB_TOKEN is an installation token, which may not read
    `/user`: in a workflow that token acts as `github-actions[bot]`."""
    from orchestrator.forge.errors import ForgeAuthError  # lazy for start-up

    api = forge.client
    try:
        return api.call("read the token's user", lambda: api.rest.users.get_authenticated()).login
    except ForgeAuthError:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            return ACTIONS_USER
        raise


def _review_event(me: str, event: PullRequestEvent, report: ReviewReport) -> ReviewEvent:
    """APPROVE or REQUEST_CHANGES, or COMMENT on a pull request the token's user opened."""
    author = event.pull_request.user.login if event.pull_request.user else None
    if author == me:
        return "COMMENT"
    return "APPROVE" if report.verdict == "APPROVE" else "REQUEST_CHANGES"


def _replace_review(
    forge: GitHubConnection, number: int, kind: ReviewEvent, body: str,
    inline: list[dict[str, Any]], head: str, earlier: list[Any], me: str,
) -> tuple[int, int]:  # fmt: skip
    """(the review's id, inline comments made): the earlier summary edited, or replaced."""
    new_inline = _not_yet_made(forge, number, inline, me)
    last = earlier[-1] if earlier else None
    if last is not None and last.state == STATE_OF_EVENT[kind]:
        _edit_review(forge, number, last.id, body)
        for comment in new_inline:
            _comment(forge, number, comment, head)
        return last.id, len(new_inline)
    for old in earlier:
        _retire(forge, number, old, head)
    api, repo = forge.client, forge.repo
    review = api.call(
        f"post the QA review on pull request #{number}",
        lambda: api.rest.pulls.create_review(
            repo.owner, repo.name, number, commit_id=head, body=body, event=kind,
            comments=new_inline,
        ),
    )  # fmt: skip
    return review.id, len(new_inline)


def _own_reviews(forge: GitHubConnection, number: int, me: str) -> list[Any]:
    """This gate's earlier summaries on the pull request, oldest first."""
    api, repo = forge.client, forge.repo
    reviews = api.call(
        f"list the reviews of pull request #{number}",
        lambda: api.rest.pulls.list_reviews(repo.owner, repo.name, number),
    )
    return [
        r for r in reviews
        if r.user is not None and r.user.login == me and MARKER in (r.body or "")
        and r.state != "DISMISSED"
    ]  # fmt: skip


def _retire(forge: GitHubConnection, number: int, review: Any, head: str) -> None:
    """An earlier summary whose state no longer fits: dismissed, or emptied if a comment."""
    api, repo = forge.client, forge.repo
    note = f"Superseded by the QA review of {head[:8]}."
    if review.state in ("APPROVED", "CHANGES_REQUESTED"):
        api.call(
            f"dismiss the earlier QA review on pull request #{number}",
            lambda: api.rest.pulls.dismiss_review(
                repo.owner, repo.name, number, review.id, message=note
            ),
        )
    _edit_review(forge, number, review.id, f"{note}\n\n{RETIRED}")


def _edit_review(forge: GitHubConnection, number: int, review_id: int, body: str) -> None:
    api, repo = forge.client, forge.repo
    api.call(
        f"update the QA review on pull request #{number}",
        lambda: api.rest.pulls.update_review(repo.owner, repo.name, number, review_id, body=body),
    )


def _comment(forge: GitHubConnection, number: int, comment: dict[str, Any], head: str) -> None:
    api, repo = forge.client, forge.repo
    api.call(
        f"comment on {comment['path']}:{comment['line']} of pull request #{number}",
        lambda: api.rest.pulls.create_review_comment(
            repo.owner, repo.name, number, commit_id=head, **comment
        ),
    )


def _not_yet_made(
    forge: GitHubConnection, number: int, inline: list[dict[str, Any]], me: str
) -> list[dict[str, Any]]:
    """The inline comments no earlier run made (each carries its finding's key); only the
    gate's own count, so nobody can silence a finding by posting its key first."""
    if not inline:
        return []
    api, repo = forge.client, forge.repo
    made = api.call(
        f"list the review comments of pull request #{number}",
        lambda: api.rest.pulls.list_review_comments(repo.owner, repo.name, number),
    )
    keys = {c.body.rsplit("\n", 1)[-1] for c in made if c.body and c.user and c.user.login == me}
    return [c for c in inline if c["body"].rsplit("\n", 1)[-1] not in keys]


def _place_key(path: str, line: int) -> str:
    """The place as a digest: a file name cannot end the HTML comment it goes in."""
    return hashlib.sha256(f"{path}:{line}".encode()).hexdigest()[:16]


def _inline(
    forge: GitHubConnection, event: PullRequestEvent, findings: list[Finding]
) -> list[dict[str, Any]]:
    """A comment for each finding on a line the pull request adds (the diff's head side)."""
    from orchestrator.git_repo import merge_base  # lazy for start-up
    from orchestrator.redaction import redact_text
    from orchestrator.review.diff import read_changes

    root = forge.project.root
    base, head = event.pull_request.base.sha, event.pull_request.head.sha
    changes = read_changes(root, merge_base(root, base, head), head)
    comments = []
    for f in findings:
        if f.file and f.line and f.line in changes.lines(f.file):
            key = f"<!-- {CONTEXT} {f.rule} {_place_key(f.file, f.line)} -->"
            text = (
                f"**{f.severity} {f.rule}**: {redact_text(f.described)}\n\n"
                f"Fix: {redact_text(f.fix)}\n{key}"
            )
            comments.append({"path": f.file, "line": f.line, "side": "RIGHT", "body": text})
    return comments[:MAX_INLINE]


def _summary(report: ReviewReport) -> str:
    from orchestrator.redaction import redact_text  # lazy for start-up
    from orchestrator.review.output import format_markdown

    reviewed = f"\n\nReviewed head `{report.head[:12]}` against `{report.base[:12]}`.\n"
    return redact_text(format_markdown(report)) + reviewed + MARKER


def _counts(report: ReviewReport) -> str:
    c = report.counts()
    return f"{c['block']} blocking, {c['error']} errors, {c['warning']} warnings"


def _run_url() -> str | None:
    """The Actions run that posted the status, when there is one."""
    server, repo, run = (
        os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else None
