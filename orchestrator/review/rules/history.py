"""Rules on the commits and the file list: ownership, issue references, tests."""

from __future__ import annotations

import re

from orchestrator.git_repo import STATE_PREFIX, read_blobs
from orchestrator.review.catalog import COMMIT_ISSUE, OWNERSHIP, TESTS_MISSING
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.layout_only import layout_only
from orchestrator.review.paths_of_tests import is_test_path

SOURCE_SUFFIXES = (".py", ".ts", ".vue", ".js", ".tsx", ".jsx", ".mjs", ".cjs")
REVISION_LINE = re.compile(r"^revision\s*(:[^=]*)?=", re.MULTILINE)
DOWN_REVISION_LINE = re.compile(r"^down_revision\s*(:[^=]*)?=", re.MULTILINE)


def ownership(ctx: ReviewContext) -> list[Finding]:
    """QA-OWNERSHIP: a commit whose `Agent:` trailer names an agent that does not own a file."""
    found = []
    for commit in ctx.commits:
        if commit.agent is None:
            continue
        for path in commit.files:
            owner = ctx.owner_of(path)
            if path.startswith(STATE_PREFIX) or owner == commit.agent:
                continue
            whose = f"the {owner!r} agent" if owner else "no agent"
            found.append(
                ctx.finding(
                    OWNERSHIP,
                    "block",
                    path,
                    0,
                    f"commit {commit.sha[:8]} by agent {commit.agent!r} changed a file "
                    f"that belongs to {whose}",
                    f"revert that change and ask its owner with request_change({owner!r}, ...)"
                    if owner
                    else "add an ownership rule for the path in stackcrew.yaml",
                )
            )
    return found


def issue_refs(ctx: ReviewContext) -> list[Finding]:
    """QA-COMMIT-ISSUE: every commit of an EXECUTE PR names its issue as `#N`."""
    if ctx.issue is None:
        return []
    wanted = re.compile(rf"#{ctx.issue}\b")
    return [
        ctx.finding(
            COMMIT_ISSUE,
            "error",
            "",
            0,
            f"commit {c.sha[:8]} {c.message.splitlines()[0][:60]!r} does not reference #{ctx.issue}",
            f"reword it (`git commit --amend` / rebase) to end its subject with #{ctx.issue}",
        ).with_owner(c.agent)
        for c in ctx.commits
        if not wanted.search(c.message)
    ]


def tests_changed(ctx: ReviewContext) -> list[Finding]:
    """QA-TESTS-MISSING: source changed and no test changed with it. A file whose change is
    only comments or layout (`layout_only`) runs as before and is not counted."""
    files = [p for p in ctx.changes.status if not p.startswith(STATE_PREFIX)]
    source = [p for p in files if p.endswith(SOURCE_SUFFIXES) and not _exempt(ctx, p)]
    if not source or any(is_test_path(p) for p in files):
        return []
    source = _changing_behaviour(ctx, source)
    if not source:
        return []
    return [
        ctx.finding(
            TESTS_MISSING,
            "error",
            source[0],
            0,
            f"{len(source)} source file(s) changed and no test did: {', '.join(source)}",
            "add or update a test that exercises the change",
        )
    ]


def _changing_behaviour(ctx: ReviewContext, paths: list[str]) -> list[str]:
    """`paths` but those modified in comments and layout only (base and head read by blob)."""
    pairs = {
        path: (base, head)
        for path in paths
        if ctx.changes.status.get(path) == "M"
        and (base := ctx.changes.base_blob(path))
        and (head := ctx.changes.head_blob(path))
    }
    if not pairs:
        return paths
    contents = read_blobs(ctx.root, [blob for pair in pairs.values() for blob in pair])
    unchanged = {
        path
        for path, (base, head) in pairs.items()
        if base in contents
        and head in contents
        and layout_only(path, contents[base], contents[head])
    }
    return [path for path in paths if path not in unchanged]


def is_revision(ctx: ReviewContext, path: str) -> bool:
    """An Alembic revision, in whatever folder: `revision` and `down_revision` at module level,
    and already so at base if the file was there (a module the change gives both lines is
    still the module it was)."""
    if not path.endswith(".py") or ctx.changes.status.get(path) == "D":
        return False
    if not _reads_as_revision(ctx.read(path)):
        return False
    base = ctx.changes.base_blob(path) if ctx.changes.status.get(path) == "M" else None
    if base is None:
        return True
    before = read_blobs(ctx.root, [base]).get(base, b"")
    return _reads_as_revision(before.decode("utf-8", errors="replace"))


def _reads_as_revision(text: str) -> bool:
    return bool(REVISION_LINE.search(text) and DOWN_REVISION_LINE.search(text))


def _exempt(ctx: ReviewContext, path: str) -> bool:
    """Migrations, config and type declarations need no test of their own."""
    name = path.rsplit("/", 1)[-1]
    return (
        name in ("__init__.py", "env.py")
        or name.endswith((".d.ts", "config.ts", "config.js"))
        or is_revision(ctx, path)
    )
