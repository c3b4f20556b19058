"""Secrets in added lines, found by detect-secrets used as a library: always BLOCK."""

from __future__ import annotations

from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding

RULE = "QA-SECRET"
SKIPPED_SUFFIXES = (".lock", ".svg", ".png", ".jpg", ".ico", ".woff", ".woff2")


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
            for secret in scan_file(str(ctx.tree / path)):
                if secret.line_number in added:
                    hits.setdefault((path, secret.line_number), secret.type)
    return [(path, line, kind) for (path, line), kind in sorted(hits.items())]
