"""QA-SECRET: secrets in added lines, found by detect-secrets: always BLOCK.

What is scanned and how is `orchestrator.review.secret_scan`: every text file, whatever
its name; a line the change marks ``# pragma: allowlist secret`` is still reported, as an
inline waiver (see `INLINE_ALLOWLIST`), and still blocks unless a waiver in the project's
config covers it. Every commit of the range is scanned, so a secret added in one commit
and removed in a later one is reported where it entered.

The scan runs in a worker process (`orchestrator.review.secret_worker`): `start` sends it
the added lines as the rules begin, and `check` collects the hits after the rules that
run in this process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orchestrator.git_repo import STATE_PREFIX
from orchestrator.review.catalog import SECRET
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.secret_scan import ScanJob, SecretHit, git_lines, text_of
from orchestrator.review.secret_worker import SecretScanner

INLINE_ALLOWLIST = "# pragma: allowlist secret"
FIX = (
    "remove it, rotate the credential, and read it from the environment (pydantic-settings) instead"
)
RUNNING = "secrets"  # its key in `ReviewContext.running`


@dataclass
class _Sent:
    """The jobs handed to the scanner: head's files first, then what earlier commits added."""

    scanner: SecretScanner
    heads: int  # how many of the jobs are head's files
    commits: list[str]  # for each later job, the commit that added it

    def kill(self) -> None:
        self.scanner.kill()

    def wait(self) -> None:
        self.scanner.wait()


def start(ctx: ReviewContext) -> None:
    """Send the changed lines to the scanner now, so they are scanned while the rules
    before `check` run (the worker is the one `ctx` came with, else a new one)."""
    if RUNNING in ctx.running:
        return
    scanner = ctx.scanner or SecretScanner.start()
    ctx.scanner = None
    ctx.running[RUNNING] = _Sent(scanner, 0, [])  # stopped with the others should git fail
    heads = _head_jobs(ctx, [p for p in ctx.files("") if ctx.added(p)])
    history, commits = _history_jobs(ctx)
    scanner.submit(heads + history)
    ctx.running[RUNNING] = _Sent(scanner, len(heads), commits)


def check(ctx: ReviewContext) -> list[Finding]:
    start(ctx)
    sent: _Sent = ctx.running.pop(RUNNING)
    jobs, hits = sent.scanner.jobs or [], sent.scanner.hits()
    head = [(job[1], hit) for job, found in zip(jobs[: sent.heads], hits) for hit in found]
    found = [_finding(ctx, path, hit) for path, hit in head]
    at_head = {hit.secret_hash for _, hit in head}
    history = zip(sent.commits, jobs[sent.heads :], hits[sent.heads :], strict=True)
    return found + _history_findings(ctx, at_head, history)


def _head_jobs(ctx: ReviewContext, files: list[str]) -> list[ScanJob]:
    jobs: list[ScanJob] = []
    for path in files:
        try:
            text = text_of((ctx.tree / path).read_bytes())
        except OSError:
            continue
        if text is not None:
            jobs.append((git_lines(text), path, ctx.added(path)))
    return jobs


def _history_jobs(ctx: ReviewContext) -> tuple[list[ScanJob], list[str]]:
    """What earlier commits of the range added that head's own diff does not show, and the
    commit of each."""
    jobs: list[ScanJob] = []
    commits: list[str] = []
    for sha, path, data, added in ctx.commit_additions():
        text = text_of(data)
        if text is not None and not path.startswith(STATE_PREFIX):
            jobs.append((git_lines(text), path, added))
            commits.append(sha)
    return jobs, commits


def _history_findings(
    ctx: ReviewContext, at_head: set[str], scanned: Iterable[tuple[str, ScanJob, list[SecretHit]]]
) -> list[Finding]:
    """Secrets an earlier commit added and head's own diff does not show, once per file."""
    found: dict[tuple[str, str], Finding] = {}
    for sha, (_, path, _), hits in scanned:
        for hit in hits:
            if hit.secret_hash not in at_head and (path, hit.secret_hash) not in found:
                found[(path, hit.secret_hash)] = _finding(ctx, path, hit, commit=sha)
    return list(found.values())


def _finding(ctx: ReviewContext, path: str, hit: SecretHit, commit: str | None = None) -> Finding:
    where = f" in commit {commit[:8]} (gone at head, still in history)" if commit else ""
    message = f"{hit.kind} added to the repository{where}"
    fix = FIX + ("; rewrite the branch's history so the commit no longer holds it"
                 if commit else "")  # fmt: skip
    found = ctx.finding(SECRET, "block", path, hit.line, message, fix)
    return found.with_inline(INLINE_ALLOWLIST) if hit.allowlisted else found
