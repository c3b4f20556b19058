"""The registry: five built-ins, project agents on top, Claude Code subagents too."""

from __future__ import annotations

import pytest

from agents.errors import AgentSpecError, UnknownAgentError
from agents.names import BUILTIN_AGENTS
from agents.registry import builtin_prompts_dir, load_registry
from agents.render import prompt_context, render_prompt
from orchestrator.cli.common import exit_code_for


def test_builtins_load_in_precedence_order():
    registry = load_registry()
    assert registry.names() == list(BUILTIN_AGENTS)
    assert "models/" in registry.get("database").owns


def test_the_builtin_set_is_the_prompt_files_shipped():
    shipped = {path.stem for path in builtin_prompts_dir().glob("*.md")}
    assert shipped == set(BUILTIN_AGENTS)


def test_unknown_agent_lists_the_known_ones():
    with pytest.raises(UnknownAgentError) as caught:
        load_registry().get("frontend")
    assert "fastapi" in caught.value.message and exit_code_for(caught.value) == 2


@pytest.mark.parametrize("mode", ["EXECUTE", "DIRECT", "CONSULT"])
@pytest.mark.parametrize("name", BUILTIN_AGENTS)
def test_every_builtin_prompt_renders_strictly(name, mode):
    registry = load_registry()
    spec = registry.get(name)
    context = prompt_context(
        spec, registry, registry.ownership(), project="blog", mode=mode,
        issue={"number": 45, "title": "Add Post", "body": "CRUD", "labels": ["backend"]},
        task={"id": "TASK-045", "title": "Add Post", "status": "TODO", "depends_on": []},
    )  # fmt: skip
    text = render_prompt(spec, context)
    assert "blog" in text and "#45" in text or "45" in text
    assert mode in text


def test_project_agents_add_and_override(tmp_path):
    folder = tmp_path / ".stackcrew" / "agents"
    folder.mkdir(parents=True)
    (folder / "billing.md").write_text(
        "---\nname: billing\ndescription: Billing.\nowns: [billing/]\n---\nHi {{ project }}\n"
    )
    (folder / "qa.md").write_text(
        "---\nname: qa\ndescription: Our own QA.\nowns: [qa/]\n---\nQA for {{ project }}\n"
    )
    registry = load_registry(tmp_path, ".stackcrew/agents")
    assert registry.names() == [*BUILTIN_AGENTS, "billing"]
    assert registry.get("qa").description == "Our own QA."
    assert registry.ownership().owner_of("billing/invoice.py") == "billing"


def test_claude_subagent_keeps_the_rules_of_the_agent_it_replaces(tmp_path):
    folder = tmp_path / ".claude" / "agents"
    folder.mkdir(parents=True)
    (folder / "fastapi.md").write_text(
        "---\nname: fastapi\ndescription: Our backend.\ntools: Read\n---\nCustom body\n"
    )
    (folder / "docs.md").write_text("---\nname: docs\ndescription: Writes docs.\n---\nDocs\n")
    registry = load_registry(tmp_path)
    assert registry.get("fastapi").description == "Our backend."
    assert "app/" in registry.get("fastapi").owns
    assert registry.get("docs").owns == ()


def test_delegate_to_unknown_agent_is_an_error(tmp_path):
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "x.md").write_text(
        "---\nname: x\ndescription: X.\ndelegates_to: [ghost]\n---\nbody\n"
    )
    with pytest.raises(AgentSpecError, match="ghost"):
        load_registry(tmp_path, "agents")


def test_prompt_with_unknown_variable_names_the_file(tmp_path):
    folder = tmp_path / "agents"
    folder.mkdir()
    (folder / "x.md").write_text("---\nname: x\ndescription: X.\n---\n{{ nonsense }}\n")
    registry = load_registry(tmp_path, "agents")
    spec = registry.get("x")
    context = prompt_context(spec, registry, registry.ownership(), project="p", mode="DIRECT")
    with pytest.raises(AgentSpecError, match=r"x\.md.*nonsense"):
        render_prompt(spec, context)
