"""Every tool by name, and which tools each mode grants: the one place that says so.

A new tool is one function in a module of this package plus its name here, in `TOOLS`
and in the modes that grant it; its input validation and definition come from it.
"""

from __future__ import annotations

from typing import Any

from agents.spec import Mode
from orchestrator.engines.model.tools.commands import run_command, run_tests
from orchestrator.engines.model.tools.definition import Tool
from orchestrator.engines.model.tools.reading import list_files, query_index, read_file, search_code
from orchestrator.engines.model.tools.recipes import describe_recipes, run_recipe
from orchestrator.engines.model.tools.talking import ask_agent, finish, request_change
from orchestrator.engines.model.tools.writing import edit_file, write_file

TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        Tool.of(read_file),
        Tool.of(list_files),
        Tool.of(search_code),
        Tool.of(query_index),
        Tool.of(ask_agent),
        Tool.of(write_file),
        Tool.of(edit_file),
        Tool.of(run_recipe, describe=describe_recipes),
        Tool.of(run_tests),
        Tool.of(run_command),
        Tool.of(finish),
        Tool.of(request_change),
    )
}

READING = ("read_file", "list_files", "search_code", "query_index", "ask_agent")
CHANGING = ("write_file", "edit_file", "run_recipe", "run_tests", "run_command", "finish")
# In this order the model sees them; the order keeps the prompt-cache prefix stable.
MODE_TOOLS: dict[Mode, tuple[str, ...]] = {
    "CONSULT": READING,
    "DIRECT": READING + CHANGING,
    "EXECUTE": READING + CHANGING + ("request_change",),
}
# Granted whatever an agent file's `tools:` line says: reading the index, asking another
# agent, finishing and handing work to a file's owner change no file.
ALWAYS_GRANTED = frozenset(("query_index", "ask_agent", "finish", "request_change"))


def tools_for(mode: Mode, granted: frozenset[str] | None = None) -> dict[str, Tool]:
    """The mode's tools; with `granted` (an agent file's `tools:`), only those it grants."""
    names = MODE_TOOLS[mode]
    if granted is not None:
        names = tuple(n for n in names if n in granted or n in ALWAYS_GRANTED)
    return {name: TOOLS[name] for name in names}


def tool_specs(
    mode: Mode, agent: str | None = None, granted: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """Messages-API tool definitions; the last carries the cache breakpoint.

    With `agent`, `run_recipe` lists only that agent's recipes (and is left out when it
    has none); without it, every recipe is listed with the agent it belongs to.
    """
    specs = [tool.definition(agent) for tool in tools_for(mode, granted).values()]
    specs = [spec for spec in specs if spec is not None]
    specs[-1]["cache_control"] = {"type": "ephemeral"}
    return specs
