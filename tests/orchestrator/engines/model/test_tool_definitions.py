"""Each model tool is one function: its signature and docstring are its input validation and
the definition the model sees; the registry alone names the tools and what each mode grants."""

from __future__ import annotations

import inspect
from typing import Annotated, Literal

import pytest
from model_engine_helpers import workspace
from pydantic import Field

from agents.spec import ALL_MODES, CHANGING_TOOLS, CLAUDE_TOOLS
from orchestrator.engines.model.errors import ToolError
from orchestrator.engines.model.tools import Toolbox
from orchestrator.engines.model.tools.context import ToolContext
from orchestrator.engines.model.tools.definition import Tool
from orchestrator.engines.model.tools.registry import ALWAYS_GRANTED, MODE_TOOLS, TOOLS, tool_specs

# What the model may leave out of each tool's input: pinned, so a changed signature shows.
REQUIRED = {
    "read_file": ["path"],
    "list_files": [],
    "search_code": ["regex"],
    "query_index": ["section"],
    "ask_agent": ["agent", "question"],
    "write_file": ["path", "content"],
    "edit_file": ["path", "old", "new"],
    "run_recipe": ["name"],
    "run_tests": [],
    "run_command": ["argv"],
    "finish": ["summary"],
    "request_change": ["agent", "description"],
}


def head_lines(
    ctx: ToolContext,
    path: str,
    count: Annotated[int, Field(ge=1, le=50)] = 3,
    numbers: Literal["shown", "hidden"] = "hidden",
) -> str:
    """The first `count` lines of a file."""
    lines = ctx.workspace.read_text(path).splitlines()[:count]
    return "\n".join(f"{n}: {x}" if numbers == "shown" else x for n, x in enumerate(lines, 1))


def test_a_new_tool_is_only_its_function(project):
    tool = Tool.of(head_lines)
    definition = tool.definition()
    schema = definition["input_schema"]
    assert (definition["name"], definition["description"]) == (
        "head_lines",
        "The first `count` lines of a file.",
    )
    assert schema["required"] == ["path"] and schema["additionalProperties"] is False
    assert schema["properties"]["count"] == {
        "default": 3, "maximum": 50, "minimum": 1, "title": "Count", "type": "integer"
    }  # fmt: skip
    assert schema["properties"]["numbers"]["enum"] == ["shown", "hidden"]
    ctx = ToolContext(workspace(project, "fastapi"), project.config, "DIRECT")
    first = tool.call(ctx, {"path": "backend/app/main.py", "count": 2, "numbers": "shown"})
    assert first.startswith("1: ") and first.count("\n") == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"count": 2}, "invalid input for head_lines: path: Field required"),
        (
            {"path": "a", "count": 0},
            "invalid input for head_lines: count: Input should be greater than or equal to 1",
        ),
        (
            {"path": "a", "numbers": "all"},
            "invalid input for head_lines: numbers: Input should be 'shown' or 'hidden'",
        ),
        (
            {"path": "a", "lines": 2},
            "invalid input for head_lines: lines: Extra inputs are not permitted",
        ),
        (["a"], "the input for head_lines must be a JSON object, got ['a']"),
    ],
)
def test_input_the_signature_does_not_allow_is_refused_before_the_tool_runs(project, raw, message):
    ctx = ToolContext(workspace(project, "fastapi"), project.config, "DIRECT")
    with pytest.raises(ToolError) as refused:  # before the tool runs: `a` is no file
        Tool.of(head_lines).call(ctx, raw)
    assert str(refused.value) == message


def no_docstring(ctx: ToolContext, path: str) -> str:
    return path


def no_context(path: str) -> str:
    """Has no context."""
    return path


def nothing() -> str:
    """Takes nothing, not even the context."""
    return ""


def untyped(ctx: ToolContext, path) -> str:
    """Has an untyped parameter."""
    return path


@pytest.mark.parametrize(
    ("function", "message"),
    [
        (no_docstring, "needs a docstring"),
        (no_context, "first parameter must be `ctx: ToolContext`"),
        (nothing, "first parameter must be `ctx: ToolContext`"),
        (untyped, r"parameter 'path' needs a type \(and no \* or \*\*\)"),
    ],
)
def test_a_tool_the_model_could_not_be_told_about_is_refused_when_defined(function, message):
    with pytest.raises(TypeError, match=message):
        Tool.of(function)


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_each_registered_definition_is_its_functions_signature_and_docstring(name):
    tool = TOOLS[name]
    definition = tool.definition()
    _ctx, *params = inspect.signature(tool.function).parameters.values()
    schema = definition["input_schema"]
    assert tool.function.__name__ == definition["name"] == name
    assert definition["description"].startswith(inspect.cleandoc(tool.function.__doc__))
    assert list(schema["properties"]) == [p.name for p in params]
    assert schema.get("required", []) == REQUIRED[name]
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("mode", ALL_MODES)
def test_the_definitions_of_a_mode_come_from_the_registry_in_its_order(mode):
    specs = tool_specs(mode, agent="fastapi")  # fastapi has recipes: run_recipe is offered
    assert specs[-1].pop("cache_control") == {"type": "ephemeral"}  # on the last one only
    assert [s["name"] for s in specs] == list(MODE_TOOLS[mode])
    assert specs == [TOOLS[name].definition("fastapi") for name in MODE_TOOLS[mode]]


def test_every_tool_name_used_elsewhere_is_a_registered_tool():
    named = {n for names in MODE_TOOLS.values() for n in names} | ALWAYS_GRANTED
    named |= CHANGING_TOOLS | {n for names in CLAUDE_TOOLS.values() for n in names}
    assert named <= set(TOOLS)
    assert set(MODE_TOOLS["EXECUTE"]) == set(TOOLS)  # every tool is offered in some mode


def toolbox(project, mode="DIRECT", granted=None) -> Toolbox:
    return Toolbox(workspace(project, "fastapi", mode), project.config, mode, granted=granted)


@pytest.mark.parametrize(
    ("mode", "granted", "call", "message"),
    [
        ("DIRECT", None, ("delete_everything", {}), "unknown tool 'delete_everything' in DIRECT"),
        (
            "CONSULT",
            None,
            ("write_file", {"path": "a", "content": "b"}),
            "unknown tool 'write_file'",
        ),
        ("DIRECT", frozenset({"read_file"}), ("run_tests", {}), "unknown tool 'run_tests'"),
        ("DIRECT", None, ("read_file", "main.py"), "input for read_file must be a JSON object"),
        ("DIRECT", None, ("read_file", {"path": "a", "start": 0}), "start: Input should be"),
        ("DIRECT", None, ("list_files", {"glob": "*"}), "glob: Extra inputs are not permitted"),
        ("DIRECT", None, ("run_command", {"argv": []}), "argv: List should have at least 1 item"),
        (
            "DIRECT",
            None,
            ("query_index", {"section": "tables"}),
            "section: Input should be 'routes'",
        ),
    ],
)
def test_an_unknown_tool_or_bad_input_is_an_error_result_for_the_model(
    project, mode, granted, call, message
):
    name, raw = call
    block = toolbox(project, mode, granted).result({"id": "t1", "name": name, "input": raw})
    assert block["is_error"] and block["tool_use_id"] == "t1"
    assert block["content"].startswith("error: ") and message in block["content"]


def test_the_unknown_tool_error_lists_what_the_agent_may_call(project):
    box = toolbox(project, "DIRECT", frozenset({"read_file"}))
    block = box.result({"id": "t1", "name": "write_file", "input": {}})
    assert block["content"].endswith("available: read_file, query_index, ask_agent, finish")
