"""Rules on the commits and the file list: ownership, issue references, tests, migrations."""

from __future__ import annotations

import re

from orchestrator.git_repo import STATE_PREFIX
from orchestrator.review.context import ReviewContext, is_test_path
from orchestrator.review.findings import Finding

SOURCE_SUFFIXES = (".py", ".ts", ".vue", ".js", ".tsx")
MIGRATION_DIRS = ("alembic/versions/", "migrations/versions/")


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
                    "QA-OWNERSHIP",
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
            "QA-COMMIT-ISSUE",
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
    """QA-TESTS-MISSING: source changed and no test changed with it."""
    files = [p for p in ctx.changes.status if not p.startswith(STATE_PREFIX)]
    source = [p for p in files if p.endswith(SOURCE_SUFFIXES) and not _exempt(p)]
    if not source or any(is_test_path(p) for p in files):
        return []
    return [
        ctx.finding(
            "QA-TESTS-MISSING",
            "error",
            source[0],
            0,
            f"{len(source)} source file(s) changed ({', '.join(source[:3])}) and no test did",
            "add or update a test that exercises the change",
        )
    ]


def migrations(ctx: ReviewContext) -> list[Finding]:
    """QA-MIGRATION-MISSING: a model file changed without a new Alembic revision."""
    if not ctx.scope.head_declares:
        return []
    model_files = {m.file for m in ctx.head_index.models}
    changed = [p for p in ctx.changes.present() if p in model_files and ctx.added(p)]
    new_revision = any(ctx.changes.is_new(p) and _is_revision(p) for p in ctx.changes.status)
    if not changed or new_revision:
        return []
    return [
        ctx.finding(
            "QA-MIGRATION-MISSING",
            "error",
            path,
            min(ctx.added(path)),
            "the model changed but the change adds no Alembic revision",
            "run `alembic revision --autogenerate -m '<what changed>'` and commit the file",
        )
        for path in changed
    ]


def _is_revision(path: str) -> bool:
    return path.endswith(".py") and any(d in path for d in MIGRATION_DIRS)


def _exempt(path: str) -> bool:
    """Migrations, config and type declarations need no test of their own."""
    name = path.rsplit("/", 1)[-1]
    return (
        _is_revision(path)
        or name in ("__init__.py", "env.py")
        or name.endswith((".d.ts", "config.ts", "config.js"))
    )
