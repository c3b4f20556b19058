"""The engines that do an agent's work, and the choice between them.

`model` drives Claude (or any Messages-API server) through the anthropic SDK; `offline`
runs deterministic recipes and needs no key and no network. With `engine: auto` (the
default) the model engine is used when a key or a base URL is configured.
"""

from __future__ import annotations

import os

from orchestrator.engine import Engine
from orchestrator.project import Project


def model_configured(project: Project) -> bool:
    return bool(
        os.environ.get("ANTHROPIC_API_KEY")
        or os.environ.get("ANTHROPIC_BASE_URL")
        or project.config.base_url
    )


def select_engine(project: Project) -> Engine:
    """The engine the config asks for (imported only when chosen: both are heavy)."""
    choice = project.config.engine
    if choice == "model" or (choice == "auto" and model_configured(project)):
        from orchestrator.engines.model import ModelEngine

        return ModelEngine.for_project(project)
    from orchestrator.engines.offline import OfflineEngine

    return OfflineEngine.for_project(project)


def select_consult_engine(project: Project) -> Engine:
    """Questions go to the model when one is configured, else to the project index."""
    if project.config.engine == "model" or (
        project.config.engine == "auto" and model_configured(project)
    ):
        return select_engine(project)
    from orchestrator.engines.index_answers import IndexAnswers

    return IndexAnswers(contracts=project.config.contracts)
