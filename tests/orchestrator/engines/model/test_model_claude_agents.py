"""Claude Code subagent files drive the model engine as they would Claude Code: their
short model names become API model ids and their `tools:` line limits the tools."""

from __future__ import annotations

import subprocess
from pathlib import Path

from typer.testing import CliRunner

from orchestrator.cli.apps import orchestrate_app
from orchestrator.engines.model.scripted import tool_use

READ_ONLY_AGENT = """---
name: reviewer
description: Reviews code and reports; never edits.
tools: Read, Grep, Glob
model: sonnet
---
You review {{ project }}.
"""
READ_ONLY_TOOLS = {"read_file", "search_code", "list_files", "query_index", "ask_agent", "finish"}


def add_and_commit(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "add files"], check=True)


def orchestrate(*args: str | Path):
    return CliRunner().invoke(orchestrate_app, [str(a) for a in args])


def tool_names(body: dict) -> set[str]:
    return {t["name"] for t in body["tools"]}


def write_is_refused(body: dict):
    (refused,) = body["messages"][-1]["content"]
    assert refused["is_error"] and "unknown tool 'write_file'" in refused["content"]
    return tool_use("finish", {"summary": "reviewed"})


def test_read_only_claude_agent_gets_the_mapped_model_and_only_read_tools(blog, fake_api):
    add_and_commit(blog, {".claude/agents/reviewer.md": READ_ONLY_AGENT})
    fake_api.add(
        tool_use("write_file", {"path": "README.md", "content": "gone\n"}), write_is_refused
    )
    result = orchestrate("direct", "reviewer", "review the routers", "--project", blog)
    assert result.exit_code == 0, result.output
    assert fake_api.errors == []
    assert [body["model"] for body in fake_api.requests] == ["claude-sonnet-4-6"] * 2
    assert all(tool_names(body) == READ_ONLY_TOOLS for body in fake_api.requests)
    assert (blog / "README.md").read_text(encoding="utf-8") != "gone\n"


def test_stackcrew_yaml_overrides_an_alias(blog, fake_api):
    config = (blog / "stackcrew.yaml").read_text(encoding="utf-8")
    add_and_commit(
        blog,
        {
            ".claude/agents/reviewer.md": READ_ONLY_AGENT,
            "stackcrew.yaml": config + "model_aliases: {sonnet: claude-sonnet-4-5}\n",
        },
    )
    fake_api.add(tool_use("finish", {"summary": "reviewed"}))
    result = orchestrate("direct", "reviewer", "review the routers", "--project", blog)
    assert result.exit_code == 0, result.output
    assert [body["model"] for body in fake_api.requests] == ["claude-sonnet-4-5"]


def test_claude_agent_without_tools_line_keeps_every_tool(blog, fake_api):
    agent = READ_ONLY_AGENT.replace("tools: Read, Grep, Glob\n", "").replace("sonnet", "inherit")
    add_and_commit(blog, {".claude/agents/reviewer.md": agent})
    fake_api.add(tool_use("finish", {"summary": "reviewed"}))
    result = orchestrate("direct", "reviewer", "review the routers", "--project", blog)
    assert result.exit_code == 0, result.output
    (body,) = fake_api.requests
    assert {"write_file", "edit_file", "run_command"} <= tool_names(body)
    assert body["model"] == "claude-sonnet-4-6"  # the configured default
