"""Agent files: frontmatter parsed strictly, errors that name file and key."""

from __future__ import annotations

import pytest

from agents.errors import AgentSpecError
from agents.loader import load_agent, load_claude_subagent

GOOD = """---
name: billing
description: Owns the billing module.
triggers: [Invoice, payment]
owns: ["billing/"]
modes: [EXECUTE, CONSULT]
---
You are the billing agent for {{ project }}.
"""


def write(tmp_path, text, name="agent.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_parses(tmp_path):
    spec = load_agent(write(tmp_path, GOOD))
    assert spec.name == "billing"
    assert spec.triggers == ("invoice", "payment")
    assert spec.modes == ("EXECUTE", "CONSULT")
    assert spec.body.startswith("You are the billing agent")


def test_unknown_key_is_refused_and_named(tmp_path):
    path = write(tmp_path, GOOD.replace("owns:", "ownz:"))
    with pytest.raises(AgentSpecError) as caught:
        load_agent(path)
    assert "ownz" in caught.value.message and str(path) in caught.value.message
    assert "owns" in caught.value.hint


def test_bad_mode_is_refused(tmp_path):
    with pytest.raises(AgentSpecError, match="modes"):
        load_agent(write(tmp_path, GOOD.replace("CONSULT]", "DREAM]")))


def test_invalid_yaml_names_the_line(tmp_path):
    path = write(tmp_path, GOOD.replace('owns: ["billing/"]', 'owns: ["billing/"'))
    with pytest.raises(AgentSpecError, match=r"agent\.md:\d+:\d+: invalid YAML"):
        load_agent(path)


def test_missing_frontmatter(tmp_path):
    with pytest.raises(AgentSpecError, match="must start with a '---'"):
        load_agent(write(tmp_path, "just text\n"))


def test_unclosed_frontmatter(tmp_path):
    with pytest.raises(AgentSpecError, match="never closed"):
        load_agent(write(tmp_path, "---\nname: x\n"))


def test_claude_subagent_format(tmp_path):
    path = write(
        tmp_path,
        "---\nname: reviewer\ndescription: Reviews code.\ntools: Read, Grep\nmodel: inherit\n---\nBody\n",
    )
    spec = load_claude_subagent(path)
    assert (spec.name, spec.owns, spec.model, spec.body) == ("reviewer", (), None, "Body\n")


CLAUDE = """---
name: reviewer
description: Reviews code.
tools: {tools}
model: sonnet
---
Review.
"""


@pytest.mark.parametrize(
    ("tools", "granted", "writes"),
    [
        ("Read, Grep, Glob", {"read_file", "search_code", "list_files"}, False),
        ("[Read, Edit, MultiEdit]", {"read_file", "edit_file"}, True),
        ("Bash, WebFetch", {"run_command", "run_tests"}, True),
        ("Write", {"write_file", "run_recipe"}, True),
    ],
)
def test_claude_tools_line_maps_onto_stackcrew_tools(tmp_path, tools, granted, writes):
    spec = load_claude_subagent(write(tmp_path, CLAUDE.format(tools=tools)))
    assert spec.tools == granted and spec.can_change_files is writes


def test_claude_agent_without_tools_line_keeps_every_tool(tmp_path):
    text = CLAUDE.replace("tools: {tools}\n", "")
    spec = load_claude_subagent(write(tmp_path, text))
    assert spec.tools is None and spec.can_change_files


def test_tools_is_not_a_stackcrew_frontmatter_key(tmp_path):
    path = write(tmp_path, GOOD.replace("modes:", "tools: [write_file]\nmodes:"))
    with pytest.raises(AgentSpecError, match="tools: not a frontmatter key"):
        load_agent(path)
