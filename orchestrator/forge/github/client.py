"""The one module that imports githubkit: a client for one repository, and `call`, which
makes a request and handles GitHub's failures as GitHub documents them.

- primary and secondary rate limits: wait for `retry-after` / `x-ratelimit-reset`, saying
  so on stderr, as long as the whole wait stays within `MAX_WAIT_SECONDS`;
- 5xx and dropped connections: retried `SERVER_RETRIES` times with a doubling backoff;
- 401, 403, 404, 422: a `ForgeError` naming what was being done, the token's source
  (never its value) and, for 403, the permission GitHub says is missing.

githubkit's own retries and HTTP cache are off: this module decides, and a refreshed
issue is never answered from a cache.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from orchestrator.forge.errors import (
    ForgeAuthError,
    ForgeError,
    ForgeNotFound,
    ForgeUnavailable,
    ForgeUnprocessable,
)

if TYPE_CHECKING:
    from githubkit import GitHub
    from githubkit.exception import RequestFailed
    from githubkit.response import Response

    from orchestrator.forge.github.credentials import Credentials
    from orchestrator.forge.github.repository import RepoName

T = TypeVar("T")
MAX_WAIT_SECONDS = 900.0  # the most one request waits for rate limits, in all
MIN_RATE_LIMIT_WAIT = 1.0  # seconds, however soon GitHub says the limit lifts
RATE_LIMIT_WAITS = 5  # then a request still limited stops
SERVER_RETRIES = 3
BACKOFF_SECONDS = 0.5  # then 1, 2: doubled after each failed try
TIMEOUT_SECONDS = 30.0
Notice = Callable[[str], None]


def notice_on_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


class GitHubClient:
    """The REST API of one repository, with the project's credentials."""

    def __init__(
        self, credentials: Credentials, repo: RepoName, *, notice: Notice = notice_on_stderr
    ) -> None:
        from githubkit import GitHub  # lazy: githubkit takes longer to import than a command

        self.credentials = credentials
        self.repo = repo
        self.notice = notice
        self.github: GitHub[Any] = GitHub(
            credentials.token,
            base_url=credentials.api_url,
            user_agent="stackcrew",
            timeout=TIMEOUT_SECONDS,
            auto_retry=False,
            http_cache=False,
        )

    @property
    def rest(self) -> Any:
        return self.github.rest

    def call(self, doing: str, request: Callable[[], Response[T]]) -> T:
        """The parsed answer to `request()`; `doing` says what it is for in messages
        ("read issue #45")."""
        from pydantic import ValidationError  # lazy, as every import of this module

        from project_state.input_problems import describe_error, first_error

        response = self.answer(doing, request)
        try:
            return response.parsed_data
        except ValidationError as exc:
            raise ForgeUnavailable(
                f"GitHub's answer to {doing} does not match its published schema "
                f"({describe_error(first_error(exc))})",
                hint=f"check GITHUB_API_URL ({self.credentials.api_url}) names a GitHub REST API",
            ) from None

    def answer(self, doing: str, request: Callable[[], Response[T]]) -> Response[T]:
        from githubkit.exception import RateLimitExceeded, RequestError, RequestFailed

        waited, failures, limited = 0.0, 0, 0
        while True:
            try:
                return request()
            except RateLimitExceeded as exc:
                limited += 1
                if limited > RATE_LIMIT_WAITS:
                    raise ForgeUnavailable(
                        f"GitHub's rate limit stopped {doing}: still limited after "
                        f"{RATE_LIMIT_WAITS} waits",
                        hint="run the command again later",
                        status=exc.response.status_code,
                    ) from None
                waited += self._wait_for_rate_limit(doing, exc, waited)
            except RequestFailed as exc:
                if exc.response.status_code < 500 or failures >= SERVER_RETRIES:
                    raise self._error(doing, exc) from None
                failures += 1
                self._back_off(doing, f"GitHub answered {exc.response.status_code}", failures)
            except RequestError as exc:
                if failures >= SERVER_RETRIES:
                    raise self._unreachable(doing, exc) from None
                failures += 1
                self._back_off(doing, "the connection failed", failures)
            except (ValueError, OverflowError) as exc:  # e.g. a `retry-after` that is no number
                raise ForgeUnavailable(
                    f"GitHub's answer to {doing} could not be read: "
                    f"{self.credentials.scrub(str(exc))[:200]}",
                    hint="run the command again later; check GITHUB_API_URL "
                    f"({self.credentials.api_url}) if it keeps happening",
                ) from None

    def _wait_for_rate_limit(self, doing: str, exc: Any, waited: float) -> float:
        # a limit that "lifts now" (0, negative, a reset in the past) still waits a little
        seconds = max(exc.retry_after.total_seconds(), MIN_RATE_LIMIT_WAIT)
        kind = "secondary" if type(exc).__name__.startswith("Secondary") else "primary"
        if waited + seconds > MAX_WAIT_SECONDS:
            raise ForgeUnavailable(
                f"GitHub's {kind} rate limit stopped {doing}: it lifts in {seconds:.0f} s, "
                f"more than the {MAX_WAIT_SECONDS:.0f} s stackcrew waits",
                hint="run the command again later",
                status=exc.response.status_code,
            ) from None
        self.notice(f"GitHub {kind} rate limit: waiting {seconds:.0f} s before trying to {doing}")
        time.sleep(seconds)
        return seconds

    def _back_off(self, doing: str, what: str, failures: int) -> None:
        seconds = BACKOFF_SECONDS * 2 ** (failures - 1)
        self.notice(
            f"{what} while trying to {doing}; retry {failures} of {SERVER_RETRIES} in {seconds:g} s"
        )
        time.sleep(seconds)

    def _error(self, doing: str, exc: RequestFailed) -> ForgeError:
        status = exc.response.status_code
        said = self.credentials.scrub(_github_message(exc))
        where = f"{self.repo} at {self.credentials.api_url}"
        if status == 401:
            return ForgeAuthError(
                f"GitHub refused the token from {self.credentials.source} (401 {said}) "
                f"while trying to {doing} in {where}",
                hint="the token is wrong, expired or revoked: create a new one and export it "
                "as GITHUB_TOKEN",
                status=status,
            )
        if status == 403:
            wanted = exc.response.headers.get("x-accepted-github-permissions", "")
            needs = f"; it needs the permission {wanted}" if wanted else ""
            return ForgeAuthError(
                f"the token from {self.credentials.source} may not {doing} in {where} "
                f"(403 {said}){needs}",
                hint="give the token that permission (a fine-grained token's repository "
                "permissions, or `permissions:` in the workflow), then run the command again",
                status=status,
            )
        if status == 404:
            return ForgeNotFound(
                f"GitHub found nothing to {doing} in {where} (404 {said})",
                hint=f"check `repo:` in stackcrew.yaml and the number; a private {self.repo} "
                f"also answers 404 to a token from {self.credentials.source} that cannot see it",
                status=status,
            )
        if status == 422:
            return ForgeUnprocessable(
                f"GitHub refused to {doing} in {where} (422 {said})", status=status
            )
        return ForgeUnavailable(
            f"GitHub answered {status} {said} while trying to {doing} in {where}",
            hint="run the command again later",
            status=status,
        )

    def _unreachable(self, doing: str, exc: Exception) -> ForgeError:
        cause = self.credentials.scrub(repr(getattr(exc, "exc", exc)))
        return ForgeUnavailable(
            f"cannot reach GitHub at {self.credentials.api_url} to {doing}: {cause}",
            hint="check the network and GITHUB_API_URL, then run the command again",
        )


def _github_message(exc: RequestFailed) -> str:
    """GitHub's `message`, with the `errors` a 422 lists, in one line."""
    try:
        body = exc.response.json()
    except ValueError:
        return exc.response.reason_phrase or ""
    if not isinstance(body, dict):
        return ""
    message = str(body.get("message", ""))
    details = [_error_detail(e) for e in body.get("errors") or []]
    return "; ".join(filter(None, [message, *details]))[:300]


def _error_detail(error: Any) -> str:
    """One of a 422's `errors`: its message, else what GitHub names (`Label color invalid`)."""
    if not isinstance(error, dict):
        return str(error)
    if error.get("message"):
        return str(error["message"])
    return " ".join(str(error[k]) for k in ("resource", "field", "code") if error.get(k))
