"""The two console scripts: `orchestrate` (the team lead) and `agent` (the specialists).

Nothing is imported here at start-up: ``agent consult`` and the state views (``orchestrate
sprint status``, ``log``, ``issue list``) may be answered before the Typer apps
(`orchestrator.cli.apps`) are built at all.
"""

from __future__ import annotations

import sys
from importlib.util import find_spec
from pathlib import Path

from orchestrator.cli import collector

OWN_MARKER = "STACKCREW_AGENTS = True"


def run_orchestrate() -> None:
    collector.pause()
    refuse_foreign_agents_package()
    # lazy: loads only when the command runs
    from orchestrator.cli.quick_commands import answer_quickly

    if answer_quickly(sys.argv[1:]):
        return
    # lazy: loads only when the command runs (Typer)
    from orchestrator.cli.apps import orchestrate_app

    collector.resume()
    orchestrate_app()


def run_agent() -> None:
    collector.pause()
    refuse_foreign_agents_package()
    # lazy: loads only when the command runs
    from orchestrator.cli.quick_commands import answer_quickly

    if answer_quickly(sys.argv[1:], "agent"):
        return
    # lazy: loads only when the command runs (Typer)
    from orchestrator.cli.agents import app as agent_app

    collector.resume()
    agent_app()


def refuse_foreign_agents_package() -> None:
    """Stop with a clear error when the top-level `agents` package is not stackcrew's.

    The OpenAI Agents SDK (`openai-agents`) installs a package with the same import name;
    in one environment, one of the two shadows or overwrites the other. The check reads
    one small file and imports nothing.
    """
    spec = find_spec("agents")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    try:
        own = origin is not None and OWN_MARKER in origin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        own = False
    if own:
        return
    sys.stderr.write(
        f"error: the Python package `agents` in this environment is not stackcrew's "
        f"({origin or 'not found'}); another package (such as openai-agents) uses that name\n"
        "hint: install stackcrew in an environment of its own: "
        "`pipx install PATH/TO/stackcrew` or `uv tool install PATH/TO/stackcrew`\n"
    )
    raise SystemExit(2)
