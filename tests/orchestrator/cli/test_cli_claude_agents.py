"""A Claude Code subagent file whose `tools:` line grants no write tool never writes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cli_runner import orchestrate

READ_ONLY_FASTAPI = """---
name: fastapi
description: Looks at the API; never edits it.
tools: Read, Grep, Glob
---
You read {{ project }}.
"""


def test_read_only_claude_file_replacing_a_builtin_makes_direct_write_nothing(blog: Path):
    (blog / ".claude" / "agents").mkdir(parents=True)
    (blog / ".claude" / "agents" / "fastapi.md").write_text(READ_ONLY_FASTAPI, encoding="utf-8")
    subprocess.run(["git", "-C", str(blog), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(blog), "commit", "-qm", "read-only fastapi"], check=True)
    result = orchestrate("direct", "fastapi", "add a health check", "--project", blog)
    assert "read-only" in result.output, result.output
    assert not (blog / "backend" / "app" / "routers" / "health.py").exists()
    log = ["git", "-C", str(blog), "log", "--all", "--format=%s"]
    assert subprocess.run(log, capture_output=True, text=True, check=True).stdout.count("\n") == 2
