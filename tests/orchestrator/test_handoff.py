"""The handoff file: what a person needs to carry on, with no secret in it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from orchestrator.cli.apps import orchestrate_app


def test_a_handoff_quotes_the_task_with_its_secrets_redacted(blog: Path, secrets_corpus):
    password = secrets_corpus.secrets["database url password"]
    task = f"redesign the user list; staging is postgresql://app:{password}@db.internal/blog"
    args = ["direct", "vue", task, "--json", "--project", str(blog)]
    result = CliRunner().invoke(orchestrate_app, args)
    assert result.exit_code == 1, result.output
    (step,) = json.loads(result.stdout)["steps"]
    handoff = blog / "project_state/runs" / json.loads(result.stdout)["run_id"] / "handoff.md"
    text = handoff.read_text()
    assert step["status"] == "blocked" and "redesign the user list" in text
    assert password not in text and "postgresql://app:[REDACTED]@db.internal/blog" in text
