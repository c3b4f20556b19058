"""Rendering an agent's prompt body with the project's context (Jinja2, strict, sandboxed).

A project's agent files come with the repository, so their bodies are untrusted
templates: they render in Jinja's immutable sandbox, where reaching for Python internals
(``cycler.__init__.__globals__``) is an error naming the file, never code that runs.
"""

from __future__ import annotations

from typing import Any

from agents.errors import AgentSpecError
from agents.ownership import OwnershipMap
from agents.registry import AgentRegistry
from agents.spec import AgentSpec, Mode

CONTEXT_VARIABLES = ("project", "mode", "agent", "issue", "task", "ownership", "agents")


def prompt_context(
    spec: AgentSpec,
    registry: AgentRegistry,
    ownership: OwnershipMap,
    *,
    project: str,
    mode: Mode,
    issue: Any = None,
    task: Any = None,
) -> dict[str, Any]:
    """Exactly the variables a prompt body may use; absent ones are None."""
    return {
        "project": project,
        "mode": mode,
        "agent": spec,
        "issue": issue,
        "task": task,
        "ownership": [
            {"agent": name, "patterns": ownership.patterns_of(name)} for name in ownership.agents()
        ],
        "agents": [
            {"name": a.name, "description": a.description, "owns": list(a.owns)}
            for a in registry
            if a.name != spec.name
        ],
    }


def render_prompt(spec: AgentSpec, context: dict[str, Any]) -> str:
    """The agent's system prompt; a template error names the agent file and line."""
    import jinja2  # lazy: only rendering needs it, listing agents does not
    from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    try:
        return env.from_string(spec.body).render(**context)
    except SecurityError as exc:
        raise AgentSpecError(
            f"{spec.source}: the prompt template tried something unsafe and was stopped: {exc}",
            hint="an agent body may use the prompt variables and Jinja filters, "
            "not Python internals; check where this agent file came from",
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise AgentSpecError(
            f"{spec.source}: template error in the body at line {exc.lineno}: {exc.message}"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise AgentSpecError(
            f"{spec.source}: the prompt uses an unknown variable: {exc.message}",
            hint=f"available variables: {', '.join(CONTEXT_VARIABLES)}",
        ) from exc
