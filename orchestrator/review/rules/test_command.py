"""The project's `test_command` (argv, no shell) in `test_workdir`, judged against base.

When head's run fails, the same command runs on base in a temporary worktree, and only
what is new at head is charged to the change:

- QA-TESTS-FAIL (error): tests that fail at head and not at base, or a failing run
  when base passes;
- QA-TESTS-PREEXISTING (warning): tests that already fail on base;
- QA-TESTS-UNRUNNABLE (warning): the command never reaches the tests, at base as well
  (a missing module or program, a conftest that does not import, no tests collected):
  a fault of the setup, named with the config keys that fix it, never a verdict.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.confinement import run_confined
from orchestrator.git_repo import git
from orchestrator.review.catalog import TESTS_FAIL, TESTS_PREEXISTING, TESTS_UNRUNNABLE
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.test_runs import TestRun, finished, not_started, timed_out
from orchestrator.tree_guard import TreeGuard

if TYPE_CHECKING:
    from orchestrator.review.recorded_tests import RecordedTests

SHOWN_IDS = 20
CONFIG_FIX = (
    "set `test_command` and `test_workdir` in stackcrew.yaml to what runs the tests here "
    "(e.g. `test_command: [.venv/bin/python, -m, pytest, -q]` or `[uv, run, pytest, -q]`), "
    "or install the test dependencies"
)


def check(ctx: ReviewContext) -> list[Finding]:
    """The test command's runs, made now or recorded by another CI job, judged."""
    if ctx.recorded_tests is not None:
        head, base = _recorded_runs(ctx, ctx.recorded_tests)
    elif ctx.run_tests and ctx.settings.run_tests:
        head, base = test_runs(ctx)
    else:
        return []
    if head is None or head.passed:
        return []
    if head.timed_out:  # charged to the change: running it again on base would take as long
        return [_new_failures(ctx, head, [])]
    if head.returncode is None:
        return [_unrunnable(ctx, head, head.problem or "")]
    return judge(ctx, head, base or not_started("no run on base was recorded"))


def test_runs(ctx: ReviewContext) -> tuple[TestRun, TestRun | None]:
    """The command at head, and at base when head failed in a way base can tell apart."""
    head = run_tests_in(ctx, ctx.tree)
    if head.passed or head.timed_out or head.returncode is None:
        return head, None
    return head, run_tests_at_base(ctx)


def _recorded_runs(
    ctx: ReviewContext, tests: RecordedTests
) -> tuple[TestRun | None, TestRun | None]:
    """The runs another job recorded; its base run only when made on the gate's base."""
    from orchestrator.review.recorded_tests import as_test_run  # lazy: pydantic models

    head = as_test_run(tests.head_run) if tests.head_run is not None else None
    same_base = tests.base == ctx.base and tests.base_run is not None
    return head, as_test_run(tests.base_run) if same_base else None


def judge(ctx: ReviewContext, head: TestRun, base: TestRun) -> list[Finding]:
    """The findings for a failing head run, given base's run of the same command."""
    if base.passed or base.returncode is None:
        return [_new_failures(ctx, head, sorted(head.failed))]
    new, old = sorted(head.failed - base.failed), sorted(head.failed & base.failed)
    found = [_new_failures(ctx, head, new)] if new else []
    sign = head.cannot_run_sign() if not new else None
    if sign is not None and base.cannot_run_sign() is not None:
        return [_unrunnable(ctx, head, sign)]
    if old or not head.failed:
        found.append(_preexisting(ctx, head, old))
    return found


def run_tests_in(ctx: ReviewContext, tree: Path) -> TestRun:
    """The test command run in `tree`; work-tree changes it makes are put back."""
    config = ctx.config
    argv = _with_project_program(config.test_command, ctx.root / config.test_workdir)
    guard = _guard(ctx)
    try:
        done = run_confined(argv, cwd=tree / config.test_workdir, repo=tree,
                            timeout=config.test_timeout_seconds, extra_env=_leave_no_cache())  # fmt: skip
    except subprocess.TimeoutExpired:
        return timed_out(config.test_timeout_seconds)
    except OSError as exc:
        return not_started(f"could not start in {config.test_workdir}: {exc}")
    finally:
        if guard is not None:
            guard.check()
    return finished(done.returncode, done.stdout, done.stderr)


def run_tests_at_base(ctx: ReviewContext) -> TestRun:
    """The same command on base's files, in a worktree that is removed afterwards."""
    place = ctx.scratch / "base-tests"
    git(ctx.root, "worktree", "add", "--detach", "--quiet", str(place), ctx.base)
    try:
        return run_tests_in(ctx, place)
    finally:
        git(ctx.root, "worktree", "remove", "--force", str(place))


def _with_project_program(argv: list[str], workdir: Path) -> list[str]:
    """A program named by a relative path (`.venv/bin/python`) is the project's own: found
    from the project's test folder, whichever copy of the files the tests run in."""
    program = argv[0]
    if os.sep in program and not os.path.isabs(program):
        return [str((workdir / program).absolute()), *argv[1:]]
    return list(argv)


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


def _shown(ctx: ReviewContext) -> str:
    return " ".join(ctx.config.test_command)


def _listed(ids: list[str]) -> str:
    more = len(ids) - SHOWN_IDS
    return ", ".join(ids[:SHOWN_IDS]) + (f" and {more} more" if more > 0 else "")


def _new_failures(ctx: ReviewContext, head: TestRun, new: list[str]) -> Finding:
    if head.problem is not None:
        message = f"`{_shown(ctx)}` {head.problem}"
    elif new:
        message = f"{len(new)} test(s) fail with this change and not on base: {_listed(new)}"
        message += f"\n{head.tail}"
    else:
        message = f"`{_shown(ctx)}` exited with {head.returncode} (it passes on base):\n{head.tail}"
    return ctx.finding(TESTS_FAIL, "error", "", 0, message,
                       "run the test command locally, fix the failures, and commit")  # fmt: skip


def _preexisting(ctx: ReviewContext, head: TestRun, old: list[str]) -> Finding:
    if old:
        message = (
            f"{len(old)} test(s) fail on base {ctx.base[:8]} as well, so they are not "
            f"charged to this change: {_listed(old)}"
        )
    else:
        message = (
            f"`{_shown(ctx)}` fails on base {ctx.base[:8]} as well (exit {head.returncode}) "
            "and names no failing test, so what this change broke cannot be told:\n"
            f"{head.tail}"
        )
    return ctx.finding(TESTS_PREEXISTING, "warning", "", 0, message,
                       "fix them on the base branch, or leave them out of `test_command`")  # fmt: skip


def _unrunnable(ctx: ReviewContext, head: TestRun, sign: str) -> Finding:
    message = (
        f"`{_shown(ctx)}` cannot run the tests here ({sign}), on base as on this change: "
        f"the setup's fault, not the change's\n{head.tail}"
    ).rstrip()
    return ctx.finding(TESTS_UNRUNNABLE, "warning", "", 0, message, CONFIG_FIX)
