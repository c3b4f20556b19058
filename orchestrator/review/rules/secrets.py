"""Secrets in added lines, found by detect-secrets used as a library: always BLOCK."""

from __future__ import annotations

import re

from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding

RULE = "QA-SECRET"
SKIPPED_SUFFIXES = (".lock", ".svg", ".png", ".jpg", ".ico", ".woff", ".woff2")
# Alembic's revision ids are random hex by design; the entropy check would flag every one.
ALEMBIC_REVISION = re.compile(
    r"""^\s*(down_)?revision\s*(:[^=]*)?=\s*(["'])[0-9a-f]{4,40}\3\s*(#.*)?$"""
)


def check(ctx: ReviewContext) -> list[Finding]:
    files = [p for p in ctx.files("") if ctx.added(p) and not p.endswith(SKIPPED_SUFFIXES)]
    if not files:
        return []
    return [
        ctx.finding(
            RULE,
            "block",
            path,
            line,
            f"{kind} added to the repository",
            "remove it, rotate the credential, and read it from the environment "
            "(pydantic-settings) instead",
        )
        for path, line, kind in scan(ctx, files)
    ]


def scan(ctx: ReviewContext, files: list[str]) -> list[tuple[str, int, str]]:
    """(file, line, secret type) for each secret on an added line of `files`."""
    from detect_secrets.core.scan import scan_file  # deferred: plugins load on import
    from detect_secrets.settings import default_settings

    hits: dict[tuple[str, int], str] = {}
    with default_settings():
        for path in files:
            added = ctx.added(path)
            lines = (ctx.tree / path).read_text(encoding="utf-8", errors="replace").splitlines()
            for secret in scan_file(str(ctx.tree / path)):
                line = secret.line_number
                if line in added and not _alembic_revision(secret.type, lines, line):
                    hits.setdefault((path, line), secret.type)
    return [(path, line, kind) for (path, line), kind in sorted(hits.items())]


def _alembic_revision(kind: str, lines: list[str], number: int) -> bool:
    text = lines[number - 1] if 0 < number <= len(lines) else ""
    return kind == "Hex High Entropy String" and ALEMBIC_REVISION.match(text) is not None
