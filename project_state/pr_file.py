"""`prs.json`: the pull requests EXECUTE opens and QA reviews. This module is the file's
only reader and writer; every change holds `project_state/.lock` and replaces the file
atomically.

    PullRequests(repo_root).open(branch=..., base=..., head=..., issue=..., agent=...)
    .get(n) / .list() / .add_review(n, review) / .update_head(n, sha) / .mark_merged(n, sha)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import Field

from project_state.atomic import StateLock, write_atomic
from project_state.clock import UtcDateTime, utc_now
from project_state.errors import Refusal
from project_state.factories import empty_list
from project_state.jsonfile import Document, FileFormat, load_file
from project_state.paths import StatePaths
from project_state.strict_model import StrictModel
from project_state.verdicts import Severity, Verdict

PrStatus = Literal["open", "merged", "closed"]
FILE_NAME = "prs.json"


class ReviewFinding(StrictModel):
    rule: str
    severity: Severity
    file: str = ""
    line: int = 0
    message: str
    owner: str | None = None
    waived: str | None = None


class Review(StrictModel):
    """One QA verdict on one head commit of a pull request."""

    verdict: Verdict
    head: str = Field(min_length=7)
    reviewer: str = "qa"
    at: UtcDateTime
    findings: list[ReviewFinding] = Field(default_factory=empty_list)


class PullRequest(StrictModel):
    number: int = Field(ge=1)
    title: str
    branch: str = Field(min_length=1)
    base: str = Field(min_length=1)
    head: str = Field(min_length=7)
    issue: int | None = None
    agent: str | None = None
    status: PrStatus = "open"
    reviews: list[Review] = Field(default_factory=empty_list)
    created_at: UtcDateTime
    updated_at: UtcDateTime
    merged_at: UtcDateTime | None = None
    merge_commit: str | None = None

    @property
    def latest_review(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None


class PrFile(StrictModel):
    version: Literal[1] = 1
    next_number: int = Field(default=1, ge=1)
    prs: list[PullRequest] = Field(default_factory=empty_list)

    def find(self, number: int) -> PullRequest | None:
        return next((pr for pr in self.prs if pr.number == number), None)


def _from_legacy(document: Document) -> Document:
    """Version 0 → 1: a bare list of pull requests under ``prs`` with no ``next_number``."""
    migrated = dict(document)
    prs = migrated.setdefault("prs", [])
    numbers = [p.get("number") for p in prs if isinstance(p, dict)] if isinstance(prs, list) else []
    migrated.setdefault("next_number", max((n for n in numbers if type(n) is int), default=0) + 1)
    return migrated


PR_FORMAT = FileFormat(
    model=PrFile,
    migrations=(_from_legacy,),
    repair_hint="fix the file by hand (stackcrew left it untouched), then run the command again",
)


class PullRequests:
    """The pull requests of the repository at `repo_root`."""

    def __init__(self, repo_root: Path, *, lock_timeout: float = 60.0) -> None:
        self.paths = StatePaths(Path(repo_root))
        self.path = self.paths.dir / FILE_NAME
        self._lock = StateLock(
            self.paths.lock,
            self.paths.shown(self.paths.lock),
            timeout=lock_timeout,
            poll_interval=0.002,
        )

    def read(self) -> PrFile:
        if not self.path.exists():
            return PrFile()
        return load_file(self.path, self.paths.shown(self.path), PR_FORMAT)

    def list(self, status: PrStatus | None = None) -> list[PullRequest]:
        return [pr for pr in self.read().prs if status is None or pr.status == status]

    def get(self, number: int) -> PullRequest:
        found = self.read().find(number)
        if found is None:
            raise Refusal(
                f"no pull request #{number} in {self.paths.shown(self.path)}",
                hint="`orchestrate pr list` shows the pull requests there are",
            )
        return found

    def open(
        self,
        *,
        branch: str,
        base: str,
        head: str,
        title: str,
        issue: int | None = None,
        agent: str | None = None,
    ) -> PullRequest:
        """Open a pull request for `branch`; an open one for the branch moves to `head`."""

        def change(state: PrFile, now: datetime) -> tuple[PrFile, PullRequest]:
            existing = next(
                (p for p in state.prs if p.branch == branch and p.status == "open"), None
            )
            if existing is not None:
                return _replace(state, existing, head=head, updated_at=now)
            pr = PullRequest(
                number=state.next_number,
                title=title,
                branch=branch,
                base=base,
                head=head,
                issue=issue,
                agent=agent,
                created_at=now,
                updated_at=now,
            )
            prs = [*state.prs, pr]
            return state.model_copy(update={"prs": prs, "next_number": pr.number + 1}), pr

        return self._change(change)

    def update_head(self, number: int, head: str) -> PullRequest:
        return self._change(
            lambda s, now: _replace(s, _open_pr(s, number), head=head, updated_at=now)
        )

    def add_review(self, number: int, review: Review) -> PullRequest:
        def change(state: PrFile, now: datetime) -> tuple[PrFile, PullRequest]:
            pr = _open_pr(state, number)
            return _replace(state, pr, reviews=[*pr.reviews, review], updated_at=now)

        return self._change(change)

    def mark_merged(self, number: int, merge_commit: str) -> PullRequest:
        def change(state: PrFile, now: datetime) -> tuple[PrFile, PullRequest]:
            pr = _open_pr(state, number)
            return _replace(
                state,
                pr,
                status="merged",
                merged_at=now,
                merge_commit=merge_commit,
                updated_at=now,
            )

        return self._change(change)

    def close(self, number: int) -> PullRequest:
        return self._change(
            lambda s, now: _replace(s, _open_pr(s, number), status="closed", updated_at=now)
        )

    def _change(
        self, change: Callable[[PrFile, datetime], tuple[PrFile, PullRequest]]
    ) -> PullRequest:
        with self._lock.held():
            state, pr = change(self.read(), utc_now())
            PrFile.model_validate(state.model_dump())
            write_atomic(self.path, state.model_dump_json(indent=2).encode() + b"\n")
            return pr


def _open_pr(state: PrFile, number: int) -> PullRequest:
    pr = state.find(number)
    if pr is None:
        raise Refusal(f"no pull request #{number}", hint="`orchestrate pr list` shows them")
    if pr.status != "open":
        raise Refusal(f"pull request #{number} is {pr.status}, not open")
    return pr


def _replace(state: PrFile, pr: PullRequest, **changes: object) -> tuple[PrFile, PullRequest]:
    updated = PullRequest.model_validate({**pr.model_dump(), **changes})
    prs = [updated if p.number == pr.number else p for p in state.prs]
    return state.model_copy(update={"prs": prs}), updated
