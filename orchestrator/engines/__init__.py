"""The engines that do an agent's work, and the choice between them.

`model` drives Claude (or any Messages-API server) through the anthropic SDK; `offline`
runs deterministic recipes and needs no key and no network. With `engine: auto` (the
default) the model engine is used when a key or a base URL is configured.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orchestrator.engine import Engine
from orchestrator.engine_choice import uses_model
from orchestrator.project import Project

EventSink = Callable[[dict[str, Any]], None]


def select_engine(
    project: Project, *, max_cost: float | None = None, on_event: EventSink | None = None
) -> Engine:
    """The engine the config asks for (imported only when chosen: both are heavy).

    `max_cost` overrides the config's per-run budget in USD; `on_event` receives the model
    engine's progress events (turns, tool calls, usage) instead of the live view.
    """
    if uses_model(project.config.engine, project.config.base_url):
        # lazy: pathspec loads only when this runs
        from orchestrator.engines.model import ModelEngine

        limits = project.config.limits
        if max_cost is not None:
            limits = limits.model_copy(update={"max_cost_usd": max_cost})
        return ModelEngine.for_project(project, limits=limits, on_event=on_event)
    # lazy: Jinja2, pathspec load only when this runs
    from orchestrator.engines.offline import OfflineEngine

    return OfflineEngine.for_project(project)


def select_consult_engine(project: Project) -> Engine:
    """Questions go to the model when one is configured, else to the project index."""
    if uses_model(project.config.engine, project.config.base_url):
        return select_engine(project)
    from orchestrator.engines.index import IndexEngine  # lazy: pathspec loads only when this runs

    return IndexEngine(contracts=project.config.contracts)
