"""The tools that run code the agent may have written: the test command and allowed commands.

argv is checked by `command_policy`, the process is confined where the platform allows
(`orchestrator.confinement`), and `orchestrator.tree_guard` puts back whatever it changed
outside the agent's paths.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Annotated

from pydantic import Field

from orchestrator.engines.model.command_policy import check_command
from orchestrator.engines.model.errors import BoundaryBreach, ToolError
from orchestrator.engines.model.tools.context import ToolContext

OUTPUT_LIMIT = 12_000


def run_tests(ctx: ToolContext) -> str:
    """Run the project's test command; returns the exit code and the end of the output."""
    return _run_guarded(ctx, ctx.config.test_command, ctx.config.test_workdir)


def run_command(ctx: ToolContext, argv: Annotated[list[str], Field(min_length=1)]) -> str:
    """Run an allowed command (argv list, no shell) from the repository root."""
    check_command(argv, ctx.config.allowed_commands, ctx.workspace)
    return _run_guarded(ctx, argv, ".")


def _run_guarded(ctx: ToolContext, argv: list[str], workdir: str) -> str:
    """Run confined; put back what it changed outside the agent's paths and say so."""
    from orchestrator.tree_guard import TreeGuard  # lazy: keeps importing this module light

    root = ctx.workspace.root
    guard = TreeGuard.take(root, ctx.workspace.owns)
    try:
        output = _run(argv, root / workdir, root, ctx.config.test_timeout_seconds)
    finally:
        breach = guard.check()
        ctx.workspace.reverted.extend(breach.reverted + breach.unrestorable)
    if breach.unrestorable:
        raise BoundaryBreach(
            f"{argv[0]} changed files that cannot be put back: "
            f"{', '.join(breach.unrestorable[:5])}; check them, then `orchestrate resume`"
        )
    if breach.reverted:
        raise ToolError(
            f"{output}\n{argv[0]} changed files outside your paths; they were put back: "
            f"{', '.join(breach.reverted[:10])}. Change only files you own."
        )
    return output


def _run(argv: list[str], cwd: Path, repo: Path, timeout: int) -> str:
    from orchestrator.confinement import run_confined  # lazy: keeps importing this module light

    try:
        done = run_confined(argv, cwd=cwd, repo=repo, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ToolError(f"{argv[0]} timed out after {timeout} s") from None
    except FileNotFoundError:
        raise ToolError(f"command not found: {argv[0]!r}") from None
    output = _truncate((done.stdout or "") + (done.stderr or ""), OUTPUT_LIMIT)
    return f"exit code {done.returncode}\n{output}"


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"… {len(text) - limit} characters cut …\n" + text[-limit:]
