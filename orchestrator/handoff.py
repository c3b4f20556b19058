"""`project_state/runs/<run-id>/handoff.md`: everything a person (or any coding assistant)
needs to carry on a step stackcrew could not do by itself.

Written by the orchestrator, not by an agent: it is run state, never committed.
"""

from __future__ import annotations

import json
from pathlib import Path

from orchestrator.engine import Job
from orchestrator.redaction import redact_text
from orchestrator.workspace import Workspace
from project_state.atomic import write_atomic

RUNS_DIR = "project_state/runs"
MAX_FILES = 40


def handoff_path(run_id: str) -> str:
    return f"{RUNS_DIR}/{run_id}/handoff.md"


def write_handoff(job: Job, workspace: Workspace, *, reason: str, relevant: list[str]) -> str:
    """Write the handoff for `job` atomically; its repo-relative path."""
    rel = handoff_path(job.run_id)
    target = workspace.root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    text = format_handoff(job, workspace, reason=reason, relevant=relevant)
    write_atomic(target, redact_text(text).encode())
    return rel


def format_handoff(job: Job, workspace: Workspace, *, reason: str, relevant: list[str]) -> str:
    agent = job.agent.name
    patterns = workspace.ownership.patterns_of(agent)
    parts = [
        f"# Handoff: {agent} ({job.mode}) — run {job.run_id}",
        f"stackcrew stopped here: {reason}",
        "## What to do",
        job.instruction,
        _issue(job),
        "## Paths this agent may write",
        "\n".join(f"- `{p}`" for p in patterns) or "- (none)",
        "## Relevant files",
        "\n".join(_listed(p, workspace) for p in relevant[:MAX_FILES])
        or "- (none found by the index)",
        "## Agent prompt",
        "````markdown\n" + job.system_prompt.rstrip() + "\n````",
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _issue(job: Job) -> str:
    if job.issue is None:
        return ""
    issue = job.issue
    lines = [f"## Issue #{issue.number}: {issue.title}", issue.body]
    if issue.spec is not None:
        spec = json.dumps(issue.spec.model_dump(mode="json"), indent=2)
        lines.append("Spec:\n\n```json\n" + spec + "\n```")
    if job.task is not None:
        lines.append(f"Task: {job.task.id} ({job.task.status})")
    return "\n\n".join(lines)


def _listed(path: str, workspace: Workspace) -> str:
    owner = workspace.ownership.owner_of(path)
    if owner == workspace.agent:
        return f"- `{path}`"
    return f"- `{path}` (read only: {owner or 'nobody'}'s)"


def relevant_files(paths: list[str], workspace: Workspace, words: list[str]) -> list[str]:
    """The files the agent owns, then the others it should read (the data access and test
    modules it follows, say), each group with those naming one of `words` first."""
    agent = workspace.agent
    unique = sorted(set(paths))
    owned = [p for p in unique if workspace.ownership.owner_of(p) == agent]
    others = [p for p in unique if p not in owned]

    def named_first(group: list[str]) -> list[str]:
        named = [p for p in group if any(w and w.lower() in Path(p).stem.lower() for w in words)]
        return named + [p for p in group if p not in named]

    return named_first(owned) + named_first(others)
