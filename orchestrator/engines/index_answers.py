"""CONSULT without a model: answers from the static project index, in the agent's terms."""

from __future__ import annotations

from dataclasses import dataclass

from orchestrator.engine import Job, Outcome
from orchestrator.workspace import Workspace

FREE_FORM_HINT = "A configured model (ANTHROPIC_API_KEY or base_url) gives free-form answers."


@dataclass
class IndexAnswers:
    """Reads the index (refreshing stackcrew's own cache) and never writes the repo."""

    contracts: dict[str, str]
    name: str = "index"

    def perform(self, job: Job, workspace: Workspace) -> Outcome:
        from orchestrator.consult import answer
        from orchestrator.index import build_index

        index = build_index(workspace.root)
        found = answer(job.agent.name, job.instruction, index, contracts=self.contracts)
        text = found.text if found.answered else f"{found.text}\n\n{FREE_FORM_HINT}"
        return Outcome("answered", text, data=found.to_dict())
