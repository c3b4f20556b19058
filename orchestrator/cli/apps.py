"""The two Typer apps: `orchestrate` (the team lead) and `agent` (the specialists)."""

from __future__ import annotations

from orchestrator.cli import agents, index, init, issues, owners, sprint, state, work
from orchestrator.cli import cost as cost_cli
from orchestrator.cli import review as review_cli
from orchestrator.cli.common import new_app

orchestrate_app = new_app(
    "stackcrew: route issues to specialist agents (FastAPI, Database, Vue, QA, DevOps) "
    "that work inside their file-ownership boundaries."
)
orchestrate_app.command("init")(init.init)
orchestrate_app.add_typer(issues.app, name="issue")
orchestrate_app.add_typer(sprint.app, name="sprint")
orchestrate_app.command("log")(state.log)
orchestrate_app.add_typer(state.app, name="state")
orchestrate_app.command("owners")(owners.owners)
orchestrate_app.command("plan")(work.plan)
orchestrate_app.command("run")(work.run)
orchestrate_app.command("direct")(work.direct)
orchestrate_app.command("resume")(work.resume)
orchestrate_app.command("index")(index.index)
orchestrate_app.command("contracts")(index.contracts)
orchestrate_app.command("cost")(cost_cli.cost)
orchestrate_app.command("review")(review_cli.review)
orchestrate_app.add_typer(review_cli.app, name="pr")
orchestrate_app.command("merge")(review_cli.merge)

agent_app = agents.app
