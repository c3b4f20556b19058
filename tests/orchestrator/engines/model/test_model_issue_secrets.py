"""A secret pasted into an issue: the issue keeps it, nothing an EXECUTE run writes does.

The person filed the issue, so `project.json` holds the key; the run copies the title
into its task, branch, commit messages and pull request, and all of those must carry
`[REDACTED]` instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from model_engine_helpers import git, invoke

from orchestrator.cli.apps import orchestrate_app
from orchestrator.engines.model.scripted import tool_use

STRIPE = "sk_live_51Hq2T9xLmZ3vB7nR4pK8wYc"  # a detect-secrets format: Stripe


def orchestrate(*args: str | Path):
    return invoke(orchestrate_app, *args)


def holders(root: Path, secret: str) -> list[str]:
    """Files under `root` holding `secret`, the issue file and git's object store aside."""
    kept = (p for p in root.rglob("*") if p.is_file())
    rels = {p.relative_to(root).as_posix(): p for p in kept}
    skipped = ("project_state/project.json", ".git/objects/")
    return sorted(r for r, p in rels.items() if not r.startswith(skipped) and
                  secret.encode() in p.read_bytes())  # fmt: skip


def test_a_secret_in_the_issue_title_stays_in_the_issue(blog, fake_api):
    filed = orchestrate("issue", "new", f"Rotate the leaked key {STRIPE}", "--assignee",
                        "fastapi", "--json", "-C", blog)  # fmt: skip
    assert filed.exit_code == 0, filed.output
    number = json.loads(filed.stdout)["number"]
    git(blog, "add", "-A")
    git(blog, "commit", "-qm", "file an issue")
    base = git(blog, "rev-parse", "HEAD").strip()
    fake_api.add(
        tool_use("write_file", {"path": "backend/app/ping.py", "content": "PING = 1\n"}),
        tool_use("finish", {"summary": "rotated"}),
    )
    run = orchestrate("run", "--issue", str(number), "--agent", "fastapi", "--no-review",
                      "--json", "--project", blog)  # fmt: skip
    assert run.exit_code == 0, run.output
    messages = git(blog, "log", "--all", "--format=%B", "--not", base)
    assert "[REDACTED]" in (blog / "project_state/task-log.jsonl").read_text()
    assert holders(blog, STRIPE) == []
    assert STRIPE not in messages and messages.strip()
