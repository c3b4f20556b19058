"""`orchestrate cost`: tokens and USD of the model's requests, per issue, agent and model.

Sums the `usage` events of the task log (one per request of EXECUTE work) and the usage
records of DIRECT runs, kept in their own folder `project_state/runs/<run-id>/usage.jsonl`
because DIRECT work changes no tracked state. CONSULT records nothing: `agent consult
--json` reports its cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from orchestrator.cli.common import JsonOpt, ProjectOpt, emit_json, open_project_at, show

if TYPE_CHECKING:
    from rich.table import Table

    from orchestrator.engines.model.transcript import UsageRecord
    from project_state.task_log import Event

TOKENS = ("input_tokens", "cache_write_tokens", "cache_read_tokens", "output_tokens")
TASK_ISSUE = re.compile(r"^TASK-(\d+)")


def cost(
    run: Annotated[str | None, typer.Option(help="Only this run id.")] = None,
    issue: Annotated[int | None, typer.Option("--issue", "-i", help="Only this issue.")] = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sum the model usage and cost by issue, agent and model (EXECUTE and DIRECT runs)."""
    # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)
    from orchestrator.engines.model.transcript import run_usage

    state = open_project_at(project).state
    events = [*state.events().events, *run_usage(state.dir, run)]
    rows = cost_rows(e for e in events if run is None or e.run_id == run)
    rows = [r for r in rows if issue is None or r["issue"] == issue]
    emit_json({"rows": rows, "total": total_of(rows)}) if as_json else show(format_cost(rows))


def cost_rows(events: Iterable[Event | UsageRecord]) -> list[dict[str, Any]]:
    """One row per (issue, agent, model): requests, token counts and USD."""
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for e in events:
        if e.event != "usage":
            continue
        key = (issue_of(e), e.agent, str(e.data.get("model", "?")))
        row = rows.setdefault(key, _empty(*key))
        row["requests"] += 1
        for name in TOKENS:
            row[name] += int(e.data.get(name) or 0)
        row["cost_usd"] += float(e.data.get("cost_usd") or 0.0)
    ordered = sorted(rows.values(), key=lambda r: (r["issue"] or 0, r["agent"] or "", r["model"]))
    return [{**r, "cost_usd": round(r["cost_usd"], 6)} for r in ordered]


def total_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = {name: sum(r[name] for r in rows) for name in ("requests", *TOKENS)}
    return {**total, "cost_usd": round(sum(r["cost_usd"] for r in rows), 6)}


def issue_of(event: Event | UsageRecord) -> int | None:
    number = event.data.get("issue")
    if isinstance(number, int):
        return number
    match = TASK_ISSUE.match(event.task or "")
    return int(match.group(1)) if match else None


def format_cost(rows: list[dict[str, Any]]) -> Table:
    from rich.table import Table

    table = Table("issue", "agent", "model", "requests", "input", "cache write", "cache read",
                  "output", "USD", title="model usage (EXECUTE and DIRECT runs)")  # fmt: skip
    for r in [*rows, {"issue": "total", "agent": "", "model": "", **total_of(rows)}]:
        issue = f"#{r['issue']}" if isinstance(r["issue"], int) else (r["issue"] or "-")
        table.add_row(issue, r["agent"] or "-", r["model"], str(r["requests"]),
                      *(f"{r[n]:,}" for n in TOKENS), f"{r['cost_usd']:.4f}")  # fmt: skip
    return table


def _empty(issue: int | None, agent: str | None, model: str) -> dict[str, Any]:
    return {"issue": issue, "agent": agent, "model": model, "requests": 0,
            **dict.fromkeys(TOKENS, 0), "cost_usd": 0.0}  # fmt: skip
