"""The two console scripts: `orchestrate` (the team lead) and `agent` (the specialists).

Nothing is imported here at start-up: ``agent consult`` and the state views (``orchestrate
sprint status``, ``log``, ``issue list``) may be answered before the Typer apps
(`orchestrator.cli.apps`) are built at all.
"""

from __future__ import annotations

import sys

from orchestrator import collector

OWN_MARKER = "STACKCREW_AGENTS = True"


def run_orchestrate() -> None:
    collector.pause()
    refuse_foreign_agents_package()
    # lazy: loads only when the command runs
    from orchestrator.cli.quick_commands import answer_quickly

    if answer_quickly(sys.argv[1:], ends_process=True):
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
    origin = agents_origin()
    try:
        with open(origin or "", encoding="utf-8") as handle:
            own = OWN_MARKER in handle.read()
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


def agents_origin() -> str | None:
    """The file `import agents` would run, found as `importlib.util.find_spec` finds it (the
    import system's finders, in order) without loading `importlib.util` (~2 ms a start)."""
    loaded = sys.modules.get("agents")
    if loaded is not None:
        return getattr(loaded.__spec__, "origin", None)
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find("agents", None) if find is not None else None
        if spec is not None:
            return spec.origin
    return None
