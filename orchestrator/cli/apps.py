"""The two Typer apps: `orchestrate` (the team lead) and `agent` (the specialists).

`orchestrate` imports a command's module only when that command runs (`orchestrator.cli.lazy`):
`COMMANDS` says where each one lives and what `orchestrate --help` says of it.
"""

from __future__ import annotations

from typing import Any

from orchestrator.cli.common import new_app
from orchestrator.cli.lazy import LazyCommand, LazyGroup

COMMANDS = {
    "init": LazyCommand(
        "orchestrator.cli.init",
        "init",
        "Set up project_state/ and stackcrew.yaml, or copy an example (`--example blog DIR`).",
    ),
    "log": LazyCommand("orchestrator.cli.state", "log", "Show the task log, newest last."),
    "owners": LazyCommand(
        "orchestrator.cli.owners",
        "owners",
        "Print the ownership map, or name the owner of each PATH.",
    ),
    "plan": LazyCommand(
        "orchestrator.cli.work",
        "plan",
        "Show how an issue would be routed and split across agents.",
    ),
    "run": LazyCommand(
        "orchestrator.cli.work",
        "run",
        "EXECUTE: tracked work on an issue that exists in project.json, reviewed by QA.",
    ),
    "direct": LazyCommand(
        "orchestrator.cli.work",
        "direct",
        "DIRECT: untracked work, no issue needed; ownership still holds.",
    ),
    "resume": LazyCommand(
        "orchestrator.cli.work",
        "resume",
        "Continue an interrupted EXECUTE run from where it stopped.",
    ),
    "index": LazyCommand(
        "orchestrator.cli.index",
        "index",
        "Build (or refresh) the project index and show what was indexed.",
    ),
    "contracts": LazyCommand(
        "orchestrator.cli.index",
        "contracts",
        "Drift between Pydantic schemas and TypeScript interfaces, with both owners.",
    ),
    "cost": LazyCommand(
        "orchestrator.cli.cost",
        "cost",
        "Sum the model usage and cost by issue, agent and model (EXECUTE and DIRECT runs).",
    ),
    "review": LazyCommand(
        "orchestrator.cli.review",
        "review",
        "Review a change: APPROVE (exit 0), REQUEST CHANGES (1) or BLOCK (3).",
    ),
    "merge": LazyCommand(
        "orchestrator.cli.review",
        "merge",
        "Merge an APPROVEd pull request into its base (git merge --no-ff, or GitHub's API).",
    ),
    "issue": LazyCommand(
        "orchestrator.cli.issues",
        "app",
        "Create, list, show, close and pull the project's issues (project.json or GitHub).",
    ),
    "sprint": LazyCommand(
        "orchestrator.cli.sprint",
        "app",
        "Start a sprint, add issues to it as tasks, show the board, run it in parallel.",
    ),
    "state": LazyCommand(
        "orchestrator.cli.state",
        "app",
        "Check the sprint file against the task log, rebuild it, or merge other clones' logs.",
    ),
    "pr": LazyCommand(
        "orchestrator.cli.review",
        "app",
        "Pull requests opened by EXECUTE runs, and their QA reviews.",
    ),
}


class OrchestrateGroup(LazyGroup):
    table = COMMANDS


orchestrate_app = new_app(
    "stackcrew: route issues to specialist agents (FastAPI, Database, Vue, QA, DevOps) "
    "that work inside their file-ownership boundaries.",
    cls=OrchestrateGroup,
)


@orchestrate_app.callback()
def orchestrate() -> None:
    # Typer builds a group only for an app with a callback or commands; these load lazily.
    pass


def __getattr__(name: str) -> Any:
    """`agent_app` is imported on first use: `orchestrate` never needs it."""
    if name == "agent_app":
        from orchestrator.cli.agents import app  # lazy: loads only when the command runs

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
