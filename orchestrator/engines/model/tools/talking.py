"""The tools that talk to other agents or end the run: ask, hand on a change, finish."""

from __future__ import annotations

from orchestrator.engines.model.errors import Finished, ToolError
from orchestrator.engines.model.tools.context import ToolContext


def ask_agent(ctx: ToolContext, agent: str, question: str) -> str:
    """Ask another agent a question (read-only CONSULT); returns its answer."""
    if ctx.ask is None:
        raise ToolError("ask_agent is not available here (nesting depth reached)")
    return ctx.ask(agent, question)


def request_change(ctx: ToolContext, agent: str, description: str) -> str:
    """Ask the agent that owns a path to make a change you may not make yourself."""
    if agent == ctx.workspace.agent:
        raise ToolError("you cannot delegate to yourself; make the change directly")
    known = ctx.workspace.ownership.agents()
    if agent not in known:
        raise ToolError(f"unknown agent {agent!r}; known agents: {', '.join(known)}")
    ctx.delegations.append((agent, description))
    return f"request for {agent} recorded; it runs after you finish"


def finish(ctx: ToolContext, summary: str) -> str:
    """Say you are done, with a short summary of what you changed."""
    raise Finished(summary)  # the loop ends here; nothing goes back to the model
