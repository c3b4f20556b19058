"""Secrets in added lines, found by detect-secrets used as a library: always BLOCK.

Every text file is scanned, whatever its name (`.lock`, `.svg`, `.min.js`): only content
with a NUL byte is taken as binary and skipped. detect-secrets' own file-name filters
and its inline allowlist are off: a line the change marks ``# pragma: allowlist secret``
is still reported, as an inline waiver (see `INLINE_ALLOWLIST`), and still blocks unless
a waiver in the project's config covers it. Every commit of the range is scanned, so a
secret added in one commit and removed in a later one is reported where it entered.

`scan_text` and `scan_lines` scan any text, with no review around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from orchestrator.git_repo import STATE_PREFIX
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding

RULE = "QA-SECRET"
INLINE_ALLOWLIST = "# pragma: allowlist secret"
FIX = (
    "remove it, rotate the credential, and read it from the environment "
    "(pydantic-settings) instead"
)
# Filters that would let a secret through on the file's name or an inline comment alone.
UNFILTERED = (
    "detect_secrets.filters.heuristic.is_non_text_file",
    "detect_secrets.filters.heuristic.is_lock_file",
    "detect_secrets.filters.heuristic.is_swagger_file",
    "detect_secrets.filters.allowlist.is_line_allowlisted",
)
# Alembic's revision ids are random hex by design; the entropy check would flag every one.
ALEMBIC_REVISION = re.compile(
    r"""^\s*(down_)?revision\s*(:[^=]*)?=\s*(["'])[0-9a-f]{4,40}\3\s*(#.*)?$"""
)


@dataclass(frozen=True)
class SecretHit:
    line: int  # 1-based
    kind: str  # detect-secrets' secret type, e.g. "AWS Access Key"
    secret_hash: str
    allowlisted: bool  # the line (or the one before) carries `pragma: allowlist secret`


def check(ctx: ReviewContext) -> list[Finding]:
    files = [p for p in ctx.files("") if ctx.added(p)]
    with scanning():
        head = _scan_head(ctx, files)
        found = [_finding(ctx, path, hit) for path, hit in head]
        found += _history_findings(ctx, {hit.secret_hash for _, hit in head})
    return found


def scan_text(text: str, filename: str = "text", lines: set[int] | None = None) -> list[SecretHit]:
    """Secrets detect-secrets finds in `text` (only on `lines` when given), in line order."""
    with scanning():
        return scan_lines(text.splitlines(), filename, lines)


def scan_lines(
    lines: list[str], filename: str = "text", wanted: set[int] | None = None
) -> list[SecretHit]:
    """Like `scan_text`, for text already split into lines; call it inside `scanning()`."""
    from detect_secrets.core.scan import _process_line_based_plugins
    from detect_secrets.filters.allowlist import is_line_allowlisted
    from detect_secrets.util.code_snippet import get_code_snippet

    hits: dict[int, SecretHit] = {}
    numbered = [(n, line) for n, line in enumerate(lines, 1)]
    for secret in _process_line_based_plugins(numbered, filename=filename):
        number = secret.line_number
        if (wanted is not None and number not in wanted) or number in hits:
            continue
        if _alembic_revision(secret.type, lines, number):
            continue
        context = get_code_snippet(lines, number)
        allowed = is_line_allowlisted(filename, lines[number - 1].rstrip(), context)
        hits[number] = SecretHit(number, secret.type, secret.secret_hash, allowed)
    return sorted(hits.values(), key=lambda hit: hit.line)


@contextmanager
def scanning() -> Iterator[None]:
    """detect-secrets' default plugins with the name filters and the allowlist turned off."""
    from detect_secrets.settings import default_settings, get_filters, get_settings

    with default_settings():
        get_settings().disable_filters(*UNFILTERED)
        get_filters.cache_clear()
        try:
            yield
        finally:
            get_filters.cache_clear()


def text_of(data: bytes) -> str | None:
    """The text of a file's bytes, or None for binary content (a NUL byte)."""
    return None if b"\0" in data else data.decode("utf-8", errors="replace")


def _scan_head(ctx: ReviewContext, files: list[str]) -> list[tuple[str, SecretHit]]:
    found = []
    for path in files:
        try:
            text = text_of((ctx.tree / path).read_bytes())
        except OSError:
            continue
        if text is not None:
            found += [(path, hit) for hit in scan_lines(text.splitlines(), path, ctx.added(path))]
    return found


def _history_findings(ctx: ReviewContext, at_head: set[str]) -> list[Finding]:
    """Secrets an earlier commit of the range added and head's own diff does not show."""
    found: dict[tuple[str, str], Finding] = {}
    for sha, path, data, added in ctx.commit_additions():
        text = text_of(data)
        if text is None or path.startswith(STATE_PREFIX):
            continue
        for hit in scan_lines(text.splitlines(), path, added):
            if hit.secret_hash not in at_head and (path, hit.secret_hash) not in found:
                found[(path, hit.secret_hash)] = _finding(ctx, path, hit, commit=sha)
    return list(found.values())


def _finding(ctx: ReviewContext, path: str, hit: SecretHit, commit: str | None = None) -> Finding:
    where = f" in commit {commit[:8]} (gone at head, still in history)" if commit else ""
    message = f"{hit.kind} added to the repository{where}"
    fix = FIX + ("; rewrite the branch's history so the commit no longer holds it"
                 if commit else "")  # fmt: skip
    found = ctx.finding(RULE, "block", path, hit.line, message, fix)
    return found.with_inline(INLINE_ALLOWLIST) if hit.allowlisted else found


def _alembic_revision(kind: str, lines: list[str], number: int) -> bool:
    text = lines[number - 1] if 0 < number <= len(lines) else ""
    return kind == "Hex High Entropy String" and ALEMBIC_REVISION.match(text) is not None
