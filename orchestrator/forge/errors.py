"""Errors of the forge, as GitHub documents its failures.

    StackcrewError
    └── ForgeError                 exit 2: the forge answered with an error
        ├── ForgeAuthError         401 (bad or expired token), 403 (a missing permission)
        ├── ForgeNotFound          404: no such repository, issue or pull request
        ├── ForgeUnprocessable     422: GitHub refused the request (e.g. the PR exists)
        └── ForgeUnavailable       5xx after retries, rate limits beyond the wait, no network

Every message says what stackcrew was doing and what to do; none holds the token.
"""

from __future__ import annotations

from project_state.errors import StackcrewError


class ForgeError(StackcrewError):
    """The forge could not do what was asked."""

    def __init__(self, message: str, *, hint: str | None = None, status: int = 0) -> None:
        super().__init__(message, hint=hint)
        self.status = status


class ForgeAuthError(ForgeError):
    pass


class ForgeNotFound(ForgeError):
    pass


class ForgeUnprocessable(ForgeError):
    pass


class ForgeUnavailable(ForgeError):
    pass
