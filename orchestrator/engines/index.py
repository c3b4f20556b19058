"""CONSULT without a model: answers from the static project index, in the agent's terms."""

from __future__ import annotations

from dataclasses import dataclass

from agents.names import REVIEWER
from orchestrator.engine import Job, Outcome
from orchestrator.workspace import Workspace
from project_state.pr_history import recorded_reviews


@dataclass
class IndexEngine:
    """Reads the index (refreshing stackcrew's own cache) and never writes the repo.

    The QA agent also reads the reviews recorded on pull requests.
    """

    contracts: dict[str, str]
    name: str = "index"

    def perform(self, job: Job, workspace: Workspace) -> Outcome:
        from orchestrator.index import build_index  # lazy: the index is a big import
        from orchestrator.replies.answer import reply  # lazy: it imports the index

        reviews = recorded_reviews(workspace.root) if job.agent.name == REVIEWER else None
        text, data = reply(
            job.agent.name,
            job.instruction,
            build_index(workspace.root),
            reviews=reviews,
            contracts=self.contracts,
        )
        return Outcome("answered", text, data=data)
