"""The two console scripts: `orchestrate` (the team lead) and `agent` (the specialists).

Nothing is imported here at start-up: ``agent consult`` may be answered before the Typer
apps (`orchestrator.cli.apps`) are built at all.
"""

from __future__ import annotations

import sys


def run_orchestrate() -> None:
    from orchestrator.cli.apps import orchestrate_app

    orchestrate_app()


def run_agent() -> None:
    from orchestrator.cli.quick_consult import answer_quickly

    if answer_quickly(sys.argv[1:]):
        return
    from orchestrator.cli.apps import agent_app

    agent_app()
