"""The `pull_request` event a GitHub Actions workflow runs on, read from GITHUB_EVENT_PATH.

Only what the gate needs is read (the pull request's number, author, body, base and head);
everything else in GitHub's payload is left alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, Field, StrictInt, ValidationError

from project_state.errors import StackcrewError
from project_state.input_problems import describe_error, first_error

EVENT_VARIABLE = "GITHUB_EVENT_PATH"


SHA = r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$"  # a SHA-1 or SHA-256 object name, nothing else


class _Ref(BaseModel):
    ref: str = Field(min_length=1, max_length=255)
    sha: str = Field(pattern=SHA)


class _User(BaseModel):
    login: str


class _Pull(BaseModel):
    number: StrictInt = Field(ge=1)  # "46", 46.0 or true are no pull request number
    body: str | None = None
    user: _User | None = None
    base: _Ref
    head: _Ref


class _Repository(BaseModel):
    full_name: str = Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class PullRequestEvent(BaseModel):
    pull_request: _Pull
    repository: _Repository | None = None

    @property
    def number(self) -> int:
        return self.pull_request.number


def event_path() -> Path | None:
    value = os.environ.get(EVENT_VARIABLE, "").strip()
    return Path(value) if value else None


def read_event(path: Path) -> PullRequestEvent:
    """The pull request event in `path`, or an error naming the file and what is missing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StackcrewError(f"{EVENT_VARIABLE}={path}: cannot read the event ({exc})") from None
    except RecursionError:
        raise StackcrewError(f"{EVENT_VARIABLE}={path}: the event is nested too deeply") from None
    try:
        return PullRequestEvent.model_validate(data)
    except ValidationError as exc:
        raise StackcrewError(
            f"{EVENT_VARIABLE}={path}: not a pull_request event "
            f"({describe_error(first_error(exc))})",
            hint="run the gate in a workflow triggered `on: pull_request`, or give --base/--head",
        ) from None
