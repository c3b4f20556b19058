"""A hostile model driving the real CLI: every route out of its boundaries is closed.

The fake Messages API plays the agent; each script tries one escape through the tools
(tests it wrote, allowed commands, writes through links) and the test checks that the
repository, its `.git/` and the files around it are as they were.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.engines.model.scripted import tool_use

sys.path.insert(0, str(Path(__file__).parents[2] / "cli"))
from cli_runner import orchestrate

HOOK = """#!/bin/sh
mkdir -p .github/workflows
echo 'on: push' > .github/workflows/evil.yml
git add .github
git -c core.hooksPath=/dev/null commit -q -m 'ci: add workflow' -m 'Agent: devops'
"""
PLANT_HOOK = f"""import pathlib, subprocess

HOOK = {HOOK!r}


def test_plant():
    top = subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip()
    hook = pathlib.Path(top, ".git", "hooks", "post-commit")
    try:
        hook.write_text(HOOK)
        hook.chmod(0o755)
    except OSError as exc:
        print("refused:", exc)
"""


def run_45(blog: Path, *extra: str):
    return orchestrate("run", "--issue", "45", "--agent", "fastapi", "--project", blog, *extra)


def results_of(fake_api) -> list[dict]:
    """Every tool_result block the agent received, in order."""
    return [
        block
        for body in fake_api.requests
        for block in body["messages"][-1]["content"]
        if block.get("type") == "tool_result"
    ]


def commits_touching(blog: Path, path: str) -> str:
    return subprocess.run(
        ["git", "log", "--all", "--format=%H", "--", path], cwd=blog, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip


def test_a_test_file_cannot_plant_a_git_hook_that_forges_commits(blog, fake_api):
    fake_api.add(
        tool_use("write_file", {"path": "backend/tests/test_plant.py", "content": PLANT_HOOK}),
        tool_use("run_tests", {}),
        tool_use("finish", {"summary": "tests"}),
    )
    result = run_45(blog, "--no-review")
    assert result.exit_code == 0, result.output
    assert not (blog / ".git" / "hooks" / "post-commit").exists()
    assert commits_touching(blog, ".github") == ""
    assert fake_api.errors == []


def test_a_hook_in_git_never_runs_when_stackcrew_commits(blog, fake_api):
    hook = blog / ".git" / "hooks" / "post-commit"
    hook.write_text(HOOK)
    hook.chmod(0o755)
    fake_api.add(
        tool_use("write_file", {"path": "backend/app/routers/extra.py", "content": "X = 1\n"}),
        tool_use("finish", {"summary": "router"}),
    )
    result = run_45(blog, "--no-review")
    assert result.exit_code == 0, result.output
    assert commits_touching(blog, ".github") == ""
    assert not (blog / ".github").exists()
