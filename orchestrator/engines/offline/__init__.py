"""The offline engine: deterministic recipes, no model, no key, no network.

Each agent runs only its own part of a recipe (database → the model and revision,
fastapi → the API and tests, vue → the types and client, devops → CI and containers),
through its workspace, so the ownership gate applies to every write. Every stop — a task
with no recipe, or a recipe that finds something missing in the project — is "blocked"
with a handoff file for a person or another assistant, and says what was missing; so is
a recipe that fails unexpectedly, naming the exception and where it was raised.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from orchestrator.engine import Job, Outcome
from orchestrator.engines.offline.recipes import RECIPES, choose_recipe, run_recipe
from orchestrator.handoff import relevant_files, write_handoff
from orchestrator.index import ProjectIndex, build_index
from orchestrator.index.files.discover import discover
from orchestrator.project import Project
from orchestrator.workspace import Workspace
from project_state.errors import StackcrewError

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
            missing = f"no offline recipe for this {job.agent.name} task"
            return self._hand_off(job, workspace, index, missing, None)
        name, params = chosen
        try:
            files = run_recipe(name, params, workspace, index)
        except StackcrewError as exc:
            missing = f"recipe {name} stopped: {exc.message}" + (
                f" ({exc.hint})" if exc.hint else ""
            )
            return self._hand_off(job, workspace, index, missing, name)
        except Exception as exc:  # noqa: BLE001 — a recipe's own fault: the run stops blocked
            missing = (
                f"recipe {name} failed unexpectedly ({_fault(exc)}); unless something in the "
                "project explains it, that is a fault of stackcrew's to report"
            )
            return self._hand_off(job, workspace, index, missing, name)
        summary = f"{name}: " + (", ".join(files) if files else "nothing to change")
        return Outcome("done", summary, data={"files": files, "recipe": name})

    def _hand_off(
        self, job: Job, workspace: Workspace, index: ProjectIndex, missing: str, recipe: str | None
    ) -> Outcome:
        """Stop blocked, with the handoff file and a message saying what was missing."""
        words = [job.issue.spec.resource or ""] if job.issue and job.issue.spec else []
        path = write_handoff(
            job, workspace, reason=missing,
            relevant=relevant_files(_relevant(index), workspace, words),
        )  # fmt: skip
        reason = f"{missing}; {CONFIGURE_MODEL}, or do it by hand from the handoff: {path}"
        files = list(workspace.written)
        return Outcome(
            "blocked", f"handed off: {path}", reason=reason,
            data={"files": files, "recipe": recipe, "handoff": path},
        )  # fmt: skip


def _fault(exc: Exception) -> str:
    """The exception and the line of stackcrew that raised it, for a bug report."""
    frame = next(
        (
            f
            for f in reversed(traceback.extract_tb(exc.__traceback__))
            if "orchestrator" in f.filename
        ),
        None,
    )
    where = f" at {frame.filename.rpartition('orchestrator/')[2]}:{frame.lineno}" if frame else ""
    return f"{type(exc).__name__}: {exc}{where}"


def _relevant(index: ProjectIndex) -> list[str]:
    """What the index knows (models, schemas, routes, types, migrations) and the modules
    one follows to add to them: data access (``crud.py``, services, repositories), the
    dependencies module, and the tests with their ``conftest.py``."""
    indexed = [f.file for f in (*index.models, *index.schemas, *index.routes, *index.ts_types)]
    indexed += [m.file for m in index.migrations]
    for rel in discover(index.root):
        name, parts = rel.rpartition("/")[2], rel.split("/")
        if name.endswith(".py") and (
            name in _FOLLOWED or name.startswith("test_")
            or any(p in _FOLLOWED_DIRS for p in parts[:-1])
        ):  # fmt: skip
            indexed.append(rel)
    return indexed


_FOLLOWED = frozenset({"crud.py", "deps.py", "dependencies.py", "conftest.py", "repository.py"})
_FOLLOWED_DIRS = frozenset({"crud", "services", "repositories", "repository"})
