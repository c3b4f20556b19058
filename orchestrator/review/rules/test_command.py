"""QA-TESTS-FAIL: the project's `test_command` (argv, no shell) fails in `test_workdir`."""

from __future__ import annotations

import os
import subprocess

from orchestrator.confinement import run_confined
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.tree_guard import TreeGuard

RULE = "QA-TESTS-FAIL"
TAIL_CHARS = 1500


def check(ctx: ReviewContext) -> list[Finding]:
    if not ctx.run_tests or not ctx.settings.run_tests:
        return []
    config = ctx.config
    argv, workdir = list(config.test_command), ctx.tree / config.test_workdir
    shown = " ".join(argv)
    guard = _guard(ctx)
    try:
        done = run_confined(argv, cwd=workdir, repo=ctx.tree, timeout=config.test_timeout_seconds,
                            extra_env=_leave_no_cache())  # fmt: skip
    except subprocess.TimeoutExpired:
        return [_failed(ctx, f"`{shown}` ran over {config.test_timeout_seconds} s and was stopped")]
    except OSError as exc:
        return [_failed(ctx, f"`{shown}` could not start in {config.test_workdir}: {exc}")]
    finally:
        if guard is not None:
            guard.check()
    if done.returncode == 0:
        return []
    tail = (done.stdout + done.stderr).strip()[-TAIL_CHARS:]
    return [_failed(ctx, f"`{shown}` exited with {done.returncode}:\n{tail}")]


def _guard(ctx: ReviewContext) -> TreeGuard | None:
    """Tests run in the work tree itself when head is checked out clean: whatever they write
    there (a waiver in stackcrew.yaml for the next review, a planted .env) is put back."""
    if ctx.tree != ctx.root:
        return None  # an exported copy of head, thrown away after the review
    return TreeGuard.take(ctx.root, lambda _path: False)


def _leave_no_cache() -> dict[str, str]:
    """pytest's cache and bytecode off, so the gate's test run leaves the work tree as it was."""
    addopts = f"{os.environ.get('PYTEST_ADDOPTS', '')} -p no:cacheprovider".strip()
    return {"PYTEST_ADDOPTS": addopts, "PYTHONDONTWRITEBYTECODE": "1"}


def _failed(ctx: ReviewContext, message: str) -> Finding:
    return ctx.finding(
        RULE,
        "error",
        "",
        0,
        message,
        "run the test command locally, fix the failures, and commit",
    )
