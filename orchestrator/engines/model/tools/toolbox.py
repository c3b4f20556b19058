"""The `Toolbox`: one agent's tools in one mode, and each call's `tool_result` block."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orchestrator.engines.model.errors import ToolError
from orchestrator.engines.model.tools.context import ToolContext
from orchestrator.engines.model.tools.registry import tool_specs, tools_for
from project_state.errors import StackcrewError


@dataclass
class Toolbox(ToolContext):
    """Runs tool calls for one agent in one mode; the tools get it as their `ctx`."""

    granted: frozenset[str] | None = None  # an agent file's `tools:`; None grants all

    def tool_specs(self) -> list[dict[str, Any]]:
        """The tool definitions for this agent (its own recipes and granted tools only)."""
        return tool_specs(self.mode, self.workspace.agent, self.granted)

    def result(self, call: dict[str, Any]) -> dict[str, Any]:
        """The tool_result block for one tool_use block (`Finished` propagates)."""
        try:
            content, is_error = self.run(call["name"], call.get("input")), False
        except ToolError as exc:
            content, is_error = f"error: {exc}", True
        block = {"type": "tool_result", "tool_use_id": call["id"], "content": content}
        if is_error:
            block["is_error"] = True
        return block

    def run(self, name: str, raw: Any) -> str:
        """The tool's answer; anything the model can act on is raised as a `ToolError`."""
        tools = tools_for(self.mode, self.granted)
        tool = tools.get(name)
        if tool is None:
            known = ", ".join(tools)
            raise ToolError(f"unknown tool {name!r} in {self.mode} mode; available: {known}")
        try:
            return tool.call(self, raw)
        except StackcrewError as exc:
            raise ToolError(exc.message + (f" ({exc.hint})" if exc.hint else "")) from None
        except (OSError, UnicodeError) as exc:
            raise ToolError(f"{name} failed: {exc}") from None
