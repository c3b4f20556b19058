"""The README's main command, exactly as written, minus creating and filling the venv."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
SETUP = ("python3 -m venv", ". .venv/bin/activate", "pip install")


def main_command_steps() -> list[str]:
    text = README.read_text(encoding="utf-8")
    quickstart = text[text.index("## Quickstart") :]
    first_block = re.search(r"```bash\n(.+?)\n```", quickstart, re.DOTALL)
    assert first_block is not None, "the Quickstart has no bash block"
    steps = [s.strip() for s in first_block.group(1).split("&&")]
    return [s for s in steps if not s.startswith(SETUP)]


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    env.pop("ANTHROPIC_API_KEY", None)
    env.pop("ANTHROPIC_BASE_URL", None)
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_the_readme_main_command_runs_issue_45_to_done(tmp_path):
    steps = main_command_steps()
    assert steps[0].startswith("orchestrate init --example blog")
    for step in steps:
        done = run(step, tmp_path)
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
    demo = tmp_path / "blog-demo"
    for path in ("backend/app/models/post.py", "backend/alembic/versions/0002_create_posts.py",
                 "backend/app/routers/posts.py", "backend/tests/test_posts.py",
                 "frontend/src/types/post.ts", "frontend/src/api/posts.ts"):  # fmt: skip
        assert (demo / path).is_file(), path
    tests = run("python -m pytest -q", demo / "backend")
    assert tests.returncode == 0, tests.stdout
    sprint = json.loads(run("orchestrate sprint status --json", demo).stdout)
    assert {t["status"] for t in sprint["tasks"] if t["issue"] == 45} == {"DONE"}
    assert json.loads(run("orchestrate issue show 45 --json", demo).stdout)["status"] == "closed"
    prs = json.loads(run("orchestrate pr show 1 --json", demo).stdout)
    assert prs["reviews"][-1]["verdict"] == "APPROVE" and prs["status"] == "merged"
    events = {e["event"] for e in json.loads(run("orchestrate log --limit 0 --json", demo).stdout)}
    assert {"run_started", "commit", "review", "pr_merged", "run_finished"} <= events
    log = run("git log --format=%s%n%b main", demo).stdout
    assert log.count("#45") >= 3 and "Agent: database" in log and "Agent: vue" in log
