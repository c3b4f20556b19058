"""A loopback fake of the GitHub REST endpoints stackcrew uses, over a bare git remote.

    with FakeGitHub(remote=bare_repo, tokens={"tok": "bot"}) as gh:
        gh.add_issue("Add Post resource", body="…")       # -> 45
        env: GITHUB_API_URL=gh.url, GITHUB_TOKEN=tok

Every response body is built from githubkit's models and checked against the model the
client parses that endpoint with (`tests.fakes.github_models`); a body that does not
validate is answered 500 and lands in `errors`, so the fake cannot drift from GitHub's
published schema. Pull requests read their head and base from the bare remote, merges
happen in it (`git merge-tree`), and a merge into the default branch closes the issues
its body says it closes, as GitHub does. Inline review comments must sit on a line of the
pull request's diff (else 422), and a token may not approve or request changes on a pull
request it opened (422), as on GitHub.

`stale_lists = 1` answers the next pull request list empty, as a list that lags a write.
Faults, each served `times` times to requests matching a method and a path pattern:
`fail("GET", r"/issues/45$", 500)`; statuses 401, 403 (with the permission header), 404,
422, 5xx, and rate limits (`rate_limit(kind="primary"|"secondary", seconds=1)`).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from tests.fakes.github_models import NOW, build, check, models, recorded
from tests.fakes.loopback import LoopbackServer

Reply = tuple[int, Any, dict[str, str]]
# Bodies GitHub really sent: the fake's objects start from them (tests/fixtures/github/).
REPOSITORY, ISSUE, STATUS, LABEL = (recorded(n) for n in ("repository", "issue", "status", "label"))
USER = ISSUE["user"]
CLOSING = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)\b", re.IGNORECASE)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "GitHub", "GIT_AUTHOR_EMAIL": "noreply@github.example",
    "GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.example",
}  # fmt: skip


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    headers: dict[str, str]
    message: str
    times: int
    body: dict[str, Any] | None = None  # a whole error body (a recorded one), else GitHub's usual


@dataclass
class Seen:
    """One request as the fake received it (the token is recorded only as matched or not)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    login: str | None


@dataclass
class FakeGitHub:
    remote: Path
    owner: str = "acme"
    name: str = "blog"
    tokens: dict[str, str] = field(default_factory=lambda: {"ghp_fake": "stackcrew-bot"})
    default_branch: str = "main"
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    reviews: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statuses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    served_faults: list[int] = field(default_factory=list)
    stale_lists: int = 0  # list pull requests as empty this many times (a lagging search)

    def __post_init__(self) -> None:
        self._numbers = itertools.count(1)
        self._ids = itertools.count(1000)
        self._lock = threading.Lock()
        self._server = LoopbackServer(_handler(self))

    # -- set-up --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def __enter__(self) -> Self:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    def add_issue(
        self, title: str, body: str = "", *, labels: tuple[str, ...] = (),
        assignees: tuple[str, ...] = (), number: int | None = None, author: str = "octocat",
    ) -> int:  # fmt: skip
        number = number or next(self._numbers)
        self._numbers = itertools.count(max(number + 1, next(self._numbers)))
        self.issues[number] = {
            "number": number, "title": title, "body": body, "labels": list(labels),
            "assignees": list(assignees), "state": "open", "closed_at": None, "user": author,
        }  # fmt: skip
        return number

    def fail(
        self, method: str, path: str, status: int, *, times: int = 1,
        headers: dict[str, str] | None = None, message: str | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        default = {401: "Bad credentials", 403: "Resource not accessible by personal access token",
                   404: "Not Found", 422: "Validation Failed"}.get(status, "Server Error")  # fmt: skip
        self.faults.append(
            Fault(method, re.compile(path), status, headers or {}, message or default, times, body)
        )

    def rate_limit(
        self, method: str, path: str, *, kind: str = "primary", seconds: int = 1
    ) -> None:
        if kind == "secondary":
            headers = {"retry-after": str(seconds)}
            message = "You have exceeded a secondary rate limit. Please wait a few minutes."
        else:
            reset = int(time.time()) + seconds
            headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
            message = "API rate limit exceeded for user."
        self.fail(method, path, 403, headers=headers, message=message)

    def calls(self, method: str, pattern: str) -> list[Seen]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def event(self, number: int, action: str = "opened") -> dict[str, Any]:
        """The `pull_request` webhook payload Actions writes to GITHUB_EVENT_PATH."""
        payload = build(
            models.WebhookPullRequestOpened, action=action, number=number,
            pull_request=self._pull(number), repository=self._repository(),
        )  # fmt: skip
        self._checked(models.WebhookPullRequestOpened, payload)
        return payload

    # -- one request ---------------------------------------------------------------------

    def answer(self, method: str, url: str, headers: dict[str, str], body: Any) -> Reply:
        parts = urlsplit(url)
        path, query = parts.path, parse_qs(parts.query)
        with self._lock:
            login = self._login(headers.get("authorization", ""))
            self.requests.append(Seen(method, path, query, body, login))
            fault = self._fault(method, path)
            if fault is not None:
                return fault
            if login is None:
                return _error(401, "Bad credentials")
            return self._route(method, path, query, body or {}, login)

    def _login(self, authorization: str) -> str | None:
        scheme, _, token = authorization.partition(" ")
        return self.tokens.get(token) if scheme.lower() in ("bearer", "token") else None

    def _fault(self, method: str, path: str) -> Reply | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == method and fault.path.search(path):
                fault.times -= 1
                self.served_faults.append(fault.status)
                status, body, headers = _error(fault.status, fault.message)
                return status, fault.body or body, {**headers, **fault.headers}
        return None

    def _route(self, method: str, path: str, query: dict, body: Any, login: str) -> Reply:
        prefix = f"/repos/{self.owner}/{self.name}"
        if path == "/user":
            if login.endswith("[bot]"):  # an installation token, as Actions' GITHUB_TOKEN is
                return _error(403, "Resource not accessible by integration")
            return self._ok(models.PublicUser, build(models.PublicUser, **_user(login)))
        if not path.startswith(prefix):
            return _error(404, "Not Found")
        rest = path.removeprefix(prefix)
        for pattern, handler in self._routes():
            matched = re.fullmatch(pattern, f"{method} {rest}")
            if matched:
                return handler(*matched.groups(), query=query, body=body, login=login)
        return _error(404, "Not Found")

    def _routes(self) -> list[tuple[str, Any]]:
        return [
            (r"GET ", self._get_repo),
            (r"GET /issues/(\d+)", self._get_issue),
            (r"POST /issues", self._create_issue),
            (r"PATCH /issues/(\d+)", self._update_issue),
            (r"GET /pulls", self._list_pulls),
            (r"POST /pulls", self._create_pull),
            (r"GET /pulls/(\d+)", self._get_pull),
            (r"PATCH /pulls/(\d+)", self._update_pull),
            (r"PUT /pulls/(\d+)/merge", self._merge_pull),
            (r"GET /pulls/(\d+)/reviews", self._list_reviews),
            (r"POST /pulls/(\d+)/reviews", self._create_review),
            (r"PUT /pulls/(\d+)/reviews/(\d+)", self._update_review),
            (r"PUT /pulls/(\d+)/reviews/(\d+)/dismissals", self._dismiss_review),
            (r"GET /pulls/(\d+)/comments", self._list_comments),
            (r"POST /pulls/(\d+)/comments", self._create_comment),
            (r"POST /statuses/([0-9a-f]{40})", self._create_status),
            (r"GET /commits/([^/]+)/statuses", self._list_statuses),
        ]

    # -- repository and issues -----------------------------------------------------------

    def _get_repo(self, **_: Any) -> Reply:
        return self._ok(models.FullRepository, self._repository())

    def _get_issue(self, number: str, **_: Any) -> Reply:
        found = self.issues.get(int(number))
        if found is None:
            return _error(404, "Not Found")
        return self._ok(models.Issue, self._issue(found))

    def _create_issue(self, body: dict, login: str, **_: Any) -> Reply:
        number = self.add_issue(
            body["title"], body.get("body") or "", labels=tuple(body.get("labels") or ()),
            assignees=tuple(body.get("assignees") or ()), author=login,
        )  # fmt: skip
        return self._ok(models.Issue, self._issue(self.issues[number]), 201)

    def _update_issue(self, number: str, body: dict, **_: Any) -> Reply:
        found = self.issues.get(int(number))
        if found is None:
            return _error(404, "Not Found")
        for key in ("title", "body", "labels", "assignees"):
            if key in body:
                found[key] = body[key]
        if body.get("state") in ("open", "closed"):
            found["state"] = body["state"]
            found["closed_at"] = NOW if body["state"] == "closed" else None
        payload = self._issue(found)
        return self._ok(models.ReposOwnerRepoIssuesIssueNumberPatchResponse200, payload)

    # -- pull requests -------------------------------------------------------------------

    def _list_pulls(self, query: dict, **_: Any) -> Reply:
        if self.stale_lists > 0:
            self.stale_lists -= 1
            return self._ok(list[models.PullRequestSimple], [])
        state = query.get("state", ["open"])[0]
        head = query.get("head", [""])[0].partition(":")[2]
        found = [
            self._pull(n) for n, p in sorted(self.pulls.items())
            if (state == "all" or p["state"] == state) and (not head or p["head"] == head)
        ]  # fmt: skip
        return self._ok(list[models.PullRequestSimple], found)

    def _create_pull(self, body: dict, login: str, **_: Any) -> Reply:
        head, base = body["head"].rpartition(":")[2], body["base"]
        if self._sha(head) is None or self._sha(base) is None:
            return _error(422, "Validation Failed", [{"code": "invalid", "field": "head"}])
        if any(p["head"] == head and p["state"] == "open" for p in self.pulls.values()):
            message = f"A pull request already exists for {self.owner}:{head}."
            return _error(422, "Validation Failed", [{"code": "custom", "message": message}])
        number = next(self._numbers)
        self.pulls[number] = {
            "number": number, "title": body["title"], "body": body.get("body") or "",
            "head": head, "base": base, "state": "open", "merged": False,
            "merge_commit_sha": None, "user": login, "head_sha": None,
        }  # fmt: skip
        return self._ok(models.PullRequest, self._pull(number), 201)

    def _get_pull(self, number: str, **_: Any) -> Reply:
        if int(number) not in self.pulls:
            return _error(404, "Not Found")
        return self._ok(models.PullRequest, self._pull(int(number)))

    def _update_pull(self, number: str, body: dict, **_: Any) -> Reply:
        pull = self.pulls.get(int(number))
        if pull is None:
            return _error(404, "Not Found")
        pull.update({k: body[k] for k in ("title", "body", "base") if k in body})
        return self._ok(models.PullRequest, self._pull(int(number)))

    def _merge_pull(self, number: str, body: dict, **_: Any) -> Reply:
        pull = self.pulls.get(int(number))
        if pull is None:
            return _error(404, "Not Found")
        head = self._sha(pull["head"])
        if pull["state"] != "open":
            return _error(405, "Pull Request is not mergeable")
        if body.get("sha") and body["sha"] != head:
            return _error(409, "Head branch was modified. Review and try the merge again.")
        sha = self._git_merge(pull, body.get("commit_title") or f"Merge pull request #{number}")
        pull.update(state="closed", merged=True, merge_commit_sha=sha, head_sha=head)
        if pull["base"] == self.default_branch:
            for closed in CLOSING.findall(pull["body"]):
                if int(closed) in self.issues:
                    self.issues[int(closed)].update(state="closed", closed_at=NOW)
        result = {"sha": sha, "merged": True, "message": "Pull Request successfully merged"}
        return self._ok(models.PullRequestMergeResult, result)

    # -- reviews, comments, statuses -----------------------------------------------------

    def _list_reviews(self, number: str, **_: Any) -> Reply:
        found = [self._review(int(number), r) for r in self.reviews.get(int(number), [])]
        return self._ok(list[models.PullRequestReview], found)

    def _create_review(self, number: str, body: dict, login: str, **_: Any) -> Reply:
        pull = self.pulls.get(int(number))
        if pull is None:
            return _error(404, "Not Found")
        event = body.get("event", "PENDING")
        if event in ("APPROVE", "REQUEST_CHANGES") and pull["user"] == login:
            verb = "approve" if event == "APPROVE" else "request changes on"
            return _error(422, "Unprocessable Entity", [f"Can not {verb} your own pull request"])
        commit = body.get("commit_id") or self._sha(pull["head"])
        problems = [self._outside_diff(pull, c) for c in body.get("comments") or []]
        if any(problems):
            return _error(422, "Unprocessable Entity", [p for p in problems if p])
        state = {"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED"}.get(
            event, "COMMENTED"
        )
        review = {"id": next(self._ids), "user": login, "body": body.get("body") or "",
                  "state": state, "commit_id": commit}  # fmt: skip
        self.reviews.setdefault(int(number), []).append(review)
        for c in body.get("comments") or []:
            self._add_comment(int(number), c, login, commit, review["id"])
        return self._ok(models.PullRequestReview, self._review(int(number), review))

    def _update_review(self, number: str, review_id: str, body: dict, **_: Any) -> Reply:
        review = self._find_review(int(number), int(review_id))
        if review is None:
            return _error(404, "Not Found")
        review["body"] = body["body"]
        return self._ok(models.PullRequestReview, self._review(int(number), review))

    def _dismiss_review(self, number: str, review_id: str, **_: Any) -> Reply:
        review = self._find_review(int(number), int(review_id))
        if review is None:
            return _error(404, "Not Found")
        if review["state"] not in ("APPROVED", "CHANGES_REQUESTED"):
            return _error(
                422, "Unprocessable Entity", ["Can not dismiss a commented pull request review"]
            )
        review["state"] = "DISMISSED"
        return self._ok(models.PullRequestReview, self._review(int(number), review))

    def _list_comments(self, number: str, **_: Any) -> Reply:
        found = [self._comment(int(number), c) for c in self.comments.get(int(number), [])]
        return self._ok(list[models.PullRequestReviewComment], found)

    def _create_comment(self, number: str, body: dict, login: str, **_: Any) -> Reply:
        pull = self.pulls.get(int(number))
        if pull is None:
            return _error(404, "Not Found")
        problem = self._outside_diff(pull, body)
        if problem:
            return _error(422, "Validation Failed", [problem])
        comment = self._add_comment(int(number), body, login, body["commit_id"], None)
        return self._ok(models.PullRequestReviewComment, self._comment(int(number), comment), 201)

    def _create_status(self, sha: str, body: dict, login: str, **_: Any) -> Reply:
        status = {
            "id": next(self._ids), "state": body["state"], "context": body.get("context") or "default",
            "description": body.get("description"), "target_url": body.get("target_url"),
            "creator": login, "sha": sha,
        }  # fmt: skip
        self.statuses.setdefault(sha, []).insert(0, status)  # newest first, as GitHub lists them
        return self._ok(models.Status, self._status(status), 201)

    def _list_statuses(self, ref: str, **_: Any) -> Reply:
        sha = self._sha(ref) or ref
        found = [self._status(s) for s in self.statuses.get(sha, [])]
        return self._ok(list[models.Status], found)

    # -- objects as GitHub shows them ----------------------------------------------------

    def _ok(self, model: Any, payload: Any, status: int = 200) -> Reply:
        if self._checked(model, payload):
            return status, payload, {}
        return _error(500, "the fake built a body githubkit refuses")

    def _checked(self, model: Any, payload: Any) -> bool:
        problems = check(model, payload)
        self.errors += [f"{getattr(model, '__name__', model)}: {p}" for p in problems]
        return not problems

    def _repository(self) -> dict[str, Any]:
        return build(
            models.FullRepository, REPOSITORY, id=1, name=self.name, full_name=self.full_name,
            owner=_user(self.owner), default_branch=self.default_branch, private=False,
            html_url=f"https://github.example/{self.full_name}",
        )  # fmt: skip

    def _issue(self, issue: dict[str, Any]) -> dict[str, Any]:
        number = issue["number"]
        return build(
            models.Issue, ISSUE, id=number, number=number, title=issue["title"], body=issue["body"],
            state=issue["state"], closed_at=issue["closed_at"], created_at=NOW, updated_at=NOW,
            user=_user(issue["user"]), labels=[_label(n) for n in issue["labels"]],
            assignees=[_user(a) for a in issue["assignees"]], locked=False, comments=0,
            html_url=f"https://github.example/{self.full_name}/issues/{number}",
        )  # fmt: skip

    def _pull(self, number: int) -> dict[str, Any]:
        pull = self.pulls[number]
        head_sha = pull["head_sha"] or self._sha(pull["head"]) or "0" * 40
        return build(
            models.PullRequest, id=number, number=number, title=pull["title"], body=pull["body"],
            state=pull["state"], merged=pull["merged"],
            user=_user(pull["user"]), draft=False, locked=False, created_at=NOW, updated_at=NOW,
            html_url=f"https://github.example/{self.full_name}/pull/{number}",
            head=self._ref(pull["head"], head_sha), base=self._ref(pull["base"], self._sha(pull["base"])),
            labels=[], assignees=[], requested_reviewers=[], requested_teams=[],
        )  # fmt: skip

    def _ref(self, branch: str, sha: str | None) -> dict[str, Any]:
        return {"label": f"{self.owner}:{branch}", "ref": branch, "sha": sha or "0" * 40,
                "user": _user(self.owner), "repo": self._repository()}  # fmt: skip

    def _review(self, number: int, review: dict[str, Any]) -> dict[str, Any]:
        return build(
            models.PullRequestReview, id=review["id"], user=_user(review["user"]),
            body=review["body"], state=review["state"], commit_id=review["commit_id"],
            submitted_at=NOW, author_association="NONE",
            html_url=f"https://github.example/{self.full_name}/pull/{number}#review-{review['id']}",
        )  # fmt: skip

    def _comment(self, number: int, comment: dict[str, Any]) -> dict[str, Any]:
        return build(
            models.PullRequestReviewComment, id=comment["id"], user=_user(comment["user"]),
            body=comment["body"], path=comment["path"], line=comment["line"], side="RIGHT",
            commit_id=comment["commit_id"], original_commit_id=comment["commit_id"],
            pull_request_review_id=comment["review_id"], diff_hunk="@@", created_at=NOW,
            updated_at=NOW, author_association="NONE",
        )  # fmt: skip

    def _status(self, status: dict[str, Any]) -> dict[str, Any]:
        return build(
            models.Status, STATUS, id=status["id"], state=status["state"], context=status["context"],
            description=status["description"], target_url=status["target_url"],
            creator=_user(status["creator"]), created_at=NOW, updated_at=NOW,
        )  # fmt: skip

    # -- inside --------------------------------------------------------------------------

    def _find_review(self, number: int, review_id: int) -> dict[str, Any] | None:
        return next((r for r in self.reviews.get(number, []) if r["id"] == review_id), None)

    def _add_comment(
        self, number: int, body: dict, login: str, commit: str, review_id: int | None
    ) -> dict[str, Any]:
        comment = {"id": next(self._ids), "user": login, "body": body["body"],
                   "path": body["path"], "line": body["line"], "commit_id": commit,
                   "review_id": review_id}  # fmt: skip
        self.comments.setdefault(number, []).append(comment)
        return comment

    def _outside_diff(self, pull: dict[str, Any], comment: dict[str, Any]) -> str | None:
        lines = diff_lines(
            self.remote, self._sha(pull["base"]) or "", self._sha(pull["head"]) or ""
        )
        if comment.get("side", "RIGHT") != "RIGHT" or comment.get("line") not in lines.get(
            comment.get("path"), set()
        ):
            return f"pull_request_review_thread.line: {comment.get('path')}:{comment.get('line')} is not part of the diff"
        return None

    def _sha(self, ref: str) -> str | None:
        done = _git(self.remote, "rev-parse", "--verify", "--quiet", f"refs/heads/{ref}^{{commit}}")
        if done.returncode != 0:
            done = _git(self.remote, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        return done.stdout.strip() or None if done.returncode == 0 else None

    def _git_merge(self, pull: dict[str, Any], title: str) -> str:
        base, head = f"refs/heads/{pull['base']}", f"refs/heads/{pull['head']}"
        tree = _git(self.remote, "merge-tree", "--write-tree", base, head).stdout.split()[0]
        message = f"{title}\n\n{pull['title']}"
        sha = _git(
            self.remote, "commit-tree", tree, "-p", base, "-p", head, "-m", message
        ).stdout.strip()
        _git(self.remote, "update-ref", base, sha)
        return sha


def diff_lines(remote: Path, base: str, head: str) -> dict[str, set[int]]:
    """The lines of each file a pull request's diff shows on its head side (hunk ranges)."""
    text = _git(remote, "diff", "--text", "--no-color", "--no-renames", f"{base}...{head}").stdout
    lines: dict[str, set[int]] = {}
    path = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            path = line[6:] if line.startswith("+++ b/") else None
        hunk = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", line)
        if hunk and path:
            start, count = int(hunk[1]), int(hunk[2] or 1)
            lines.setdefault(path, set()).update(range(start, start + count))
    return lines


def _git(remote: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "--git-dir", str(remote), *args], capture_output=True, text=True,
        env={**os.environ, **GIT_ENV}, check=False, timeout=60,
    )  # fmt: skip


def _user(login: str) -> dict[str, Any]:
    return build(
        models.SimpleUser, USER, login=login, id=abs(hash(login)) % 10**6, type="User",
        html_url=f"https://github.example/{login}",
    )  # fmt: skip


def _label(name: str) -> dict[str, Any]:
    """A label as an issue lists it (the recorded label's fields, without the ones GitHub's
    description adds only to the label resource itself)."""
    return {**LABEL, "id": abs(hash(name)) % 10**6, "node_id": f"L_{name}", "name": name,
            "url": f"https://github.example/labels/{name}", "description": None,
            "color": "ededed", "default": False}  # fmt: skip


def _error(status: int, message: str, errors: list | None = None) -> Reply:
    body: dict[str, Any] = {"message": message, "documentation_url": "https://docs.github.com/rest"}
    if errors:
        body["errors"] = errors
    return status, body, {}


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, payload, extra = fake.answer(self.command, self.path, headers, body)
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json; charset=utf-8")
            self.send_header("content-length", str(len(data)))
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, *args: object) -> None:
            pass  # quiet: the tests read `requests` instead

    return Handler
