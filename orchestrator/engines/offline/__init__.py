"""The offline engine: deterministic recipes, no model, no key, no network.

Each agent runs only its own part of a recipe (database → the model and revision,
fastapi → the API and tests, vue → the types and client, devops → CI and containers),
through its workspace, so the ownership gate applies to every write. A task with no
recipe stops as "blocked" with a handoff file for a person or another assistant.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestrator.engine import Job, Outcome
from orchestrator.engines.offline.recipes import RECIPES, choose_recipe, run_recipe
from orchestrator.errors import StackcrewError
from orchestrator.handoff import relevant_files, write_handoff
from orchestrator.index import ProjectIndex, build_index
from orchestrator.project import Project
from orchestrator.workspace import Workspace

__all__ = ["RECIPES", "OfflineEngine", "run_recipe"]

CONFIGURE_MODEL = (
    "to let a model do it, set ANTHROPIC_API_KEY (or `base_url` in stackcrew.yaml) and run again"
)


@dataclass
class OfflineEngine:
    name: str = "offline"

    @classmethod
    def for_project(cls, project: Project) -> OfflineEngine:
        return cls()

    def perform(self, job: Job, workspace: Workspace) -> Outcome:
        if job.mode == "CONSULT":
            return Outcome("answered", "the offline engine answers no questions; the index does")
        chosen = choose_recipe(job)
        index = build_index(workspace.root)
        if chosen is None:
            return self._hand_off(job, workspace, index)
        name, params = chosen
        try:
            files = run_recipe(name, params, workspace, index)
        except StackcrewError as exc:
            reason = f"{exc.message}" + (f" ({exc.hint})" if exc.hint else "")
            return Outcome("blocked", f"recipe {name} stopped: {exc.message}", reason=reason,
                           data={"files": list(workspace.written), "recipe": name})  # fmt: skip
        summary = f"{name}: " + (", ".join(files) if files else "nothing to change")
        return Outcome("done", summary, data={"files": files, "recipe": name})

    def _hand_off(self, job: Job, workspace: Workspace, index: ProjectIndex) -> Outcome:
        words = [job.issue.spec.resource or ""] if job.issue and job.issue.spec else []
        indexed = [f.file for f in (*index.models, *index.schemas, *index.routes, *index.ts_types)]
        indexed += [m.file for m in index.migrations]
        path = write_handoff(
            job, workspace, reason="no offline recipe fits this task",
            relevant=relevant_files(indexed, workspace, words),
        )  # fmt: skip
        reason = f"no offline recipe for this {job.agent.name} task; {CONFIGURE_MODEL}"
        return Outcome(
            "blocked", f"handed off: {path}", reason=f"{reason}; handoff: {path}",
            data={"files": [], "recipe": None, "handoff": path},
        )  # fmt: skip
