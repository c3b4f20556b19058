"""The engines that do an agent's work, and the choice between them."""

from __future__ import annotations

from orchestrator.engine import Engine
from orchestrator.errors import Refusal
from orchestrator.project import Project


def select_engine(project: Project) -> Engine:
    """The engine the config asks for; explain how to get one when none can run."""
    raise Refusal(
        "no engine can run this work yet",
        hint="use --dry-run to see the plan; configure a model with ANTHROPIC_API_KEY "
        "or `base_url` in stackcrew.yaml",
    )
