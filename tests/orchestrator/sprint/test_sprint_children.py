"""A task's process runs stackcrew's code, never a module the task's worktree holds."""

from __future__ import annotations

import subprocess
from pathlib import Path

from orchestrator.sprint.batches import PlannedTask
from orchestrator.sprint.children import command_for

PLANTED = "import pathlib; pathlib.Path({marker!r}).write_text('ran')\nraise SystemExit(99)\n"


def test_a_worktree_s_own_orchestrator_package_is_not_imported(tmp_path: Path) -> None:
    """`python -c` puts the folder it runs in first on the import path: a repository with
    a top-level `orchestrator/` (or `typer.py`, `json.py`) would have run in its place."""
    worktree, marker = tmp_path / "worktree", tmp_path / "planted-ran"
    for module in ("orchestrator/__init__.py", "typer.py", "json.py"):
        (worktree / module).parent.mkdir(parents=True, exist_ok=True)
        (worktree / module).write_text(PLANTED.format(marker=str(marker)))
    task = PlannedTask("TASK-001", 45, "t", "run", ("fastapi",), ("app/",), "fastapi/45-t")
    done = subprocess.run(
        command_for(task, worktree, None), cwd=worktree, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert not marker.exists(), done.stderr
    assert done.returncode == 2  # stackcrew's own answer: no project there
    assert "project_state/project.json: file does not exist" in done.stderr, done.stderr
