"""Errors the service layer raises; `app.main` turns them into JSON responses.

    AppError                500  base class: `message`, `status_code`, `headers`
    ├── NotFoundError       404  the resource does not exist
    ├── ConflictError       409  duplicate value or broken business rule
    ├── UnauthorizedError   401  missing or invalid credentials (WWW-Authenticate: Bearer)
    └── ForbiddenError      403  authenticated, but not allowed to do this

The body is `{"detail": message}`, the same shape FastAPI uses for HTTPException.
"""

from __future__ import annotations

from typing import ClassVar


class AppError(Exception):
    """Base class of every error the API reports on purpose."""

    status_code: ClassVar[int] = 500
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(AppError):
    """The requested resource does not exist."""

    status_code = 404

    @classmethod
    def for_resource(cls, resource: str, resource_id: int) -> NotFoundError:
        """`NotFoundError("User 7 not found")` from its parts."""
        return cls(f"{resource} {resource_id} not found")


class ConflictError(AppError):
    """The request clashes with existing data (e.g. a duplicate email)."""

    status_code = 409


class UnauthorizedError(AppError):
    """Credentials are missing, malformed, expired or wrong."""

    status_code = 401
    headers = {"WWW-Authenticate": "Bearer"}


class ForbiddenError(AppError):
    """The caller is known but may not perform this action."""

    status_code = 403
