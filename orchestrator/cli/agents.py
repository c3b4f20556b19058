"""`agent list|show|consult`: who the agents are, what they own, and asking one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from orchestrator.cli.common import (
    DryRunOpt,
    JsonOpt,
    ProjectOpt,
    emit_json,
    new_app,
    open_project_at,
    open_work_tree_at,
    show,
    show_text,
)

if TYPE_CHECKING:
    from orchestrator.planning import Plan

app = new_app("The project's specialist agents: list them, inspect one, or consult one.")


@app.command("list")
def agent_list(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Every agent, its modes and the paths it owns."""
    # lazy: loads only when the command runs (Rich)
    from orchestrator.cli.format import format_agents

    agents = list(open_project_at(project).registry)
    if as_json:
        emit_json([a.model_dump(mode="json") | {"source": a.source} for a in agents])
    else:
        show(format_agents(agents))


@app.command("show")
def agent_show(
    name: str,
    prompt: Annotated[bool, typer.Option("--prompt", help="Print the rendered prompt.")] = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One agent: description, owned paths, delegates, modes, rendered prompt size."""
    # lazy: loads only when the command runs (PyYAML, Rich, pathspec, pydantic)
    from orchestrator.cli.format import format_agent
    from orchestrator.planning import render_system_prompt

    proj = open_project_at(project)
    spec = proj.registry.get(name)
    rendered = render_system_prompt(proj, spec, spec.modes[0])
    owned = proj.ownership.patterns_of(name)
    if prompt:
        typer.echo(rendered)
    elif as_json:
        emit_json(spec.model_dump(mode="json") | {"owned": owned, "prompt_chars": len(rendered)})
    else:
        show(format_agent(spec, owned, len(rendered)))


@app.command("consult")
def agent_consult(
    name: Annotated[str, typer.Argument(help="The agent to ask.")],
    question: Annotated[str, typer.Argument(help="The question, in words.")],
    dry_run: DryRunOpt = False,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """CONSULT: an answer from the code. No file, git or state change, ever."""
    # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)
    from orchestrator.consult_mode import run_consult
    from orchestrator.engines import select_consult_engine
    from orchestrator.engines.index import IndexEngine
    from orchestrator.planning import plan_consult

    proj = open_work_tree_at(project)
    engine = select_consult_engine(proj)
    from_index = isinstance(engine, IndexEngine)  # reads no prompt; answers the quick path can
    built = plan_consult(proj, name, question, render=dry_run or not from_index)
    if dry_run:
        _print_plan(built, as_json)
        return
    outcome = run_consult(proj, built, engine)
    if from_index:  # the project is valid: the next question may skip this
        from orchestrator.project_card import write_card  # lazy: loads only when the command runs

        write_card(proj)
    emit_json(outcome.data | {"answer": outcome.summary}) if as_json else show_text(outcome.summary)


def _print_plan(built: Plan, as_json: bool) -> None:
    from orchestrator.cli.format import format_plan  # lazy: loads only when the command runs (Rich)

    emit_json(built.to_json()) if as_json else show(format_plan(built, dry_run=True))
