"""Prices, the `orchestrate cost` command, and the event stream of a run."""

from __future__ import annotations

import json

from model_engine_helpers import make_job, workspace
from typer.testing import CliRunner

from orchestrator.config import Limits
from orchestrator.engines.model import ModelEngine, ScriptedModel
from orchestrator.engines.model.prices import Usage, cost_usd, price_of, uncached_cost_usd
from orchestrator.engines.model.scripted import tool_use


def test_prices_by_longest_prefix():
    assert price_of("claude-sonnet-4-5-20250929").input == 3.0
    assert price_of("claude-opus-4-1").output == 75.0
    assert price_of("claude-opus-4-7").output == 25.0  # family entry
    assert price_of("claude-future-9").input == price_of("default").input
    assert price_of("qwen3-coder").input == 0.0  # local models are free unless listed
    usage = Usage(input_tokens=1_000_000, cache_read_tokens=1_000_000, output_tokens=1_000_000)
    assert cost_usd("claude-haiku-4-5", usage) == 1.0 + 0.1 + 5.0
    assert uncached_cost_usd("claude-haiku-4-5", usage) == 2.0 + 5.0


def test_cost_sums_usage_by_issue_agent_and_model(project):
    events = []
    script = [tool_use("list_files", {}), tool_use("finish", {"summary": "s"})]
    model = ScriptedModel(script, name="claude-haiku-4-5")
    engine = ModelEngine(project, lambda name: model, limits=Limits(), on_event=events.append)
    job = make_job(project, "fastapi", "DIRECT", "do it")
    engine.perform(job, workspace(project, "fastapi"))
    from orchestrator.cli.apps import orchestrate_app

    out = CliRunner().invoke(orchestrate_app, ["cost", "--json", "-C", str(project.root)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    (row,) = data["rows"]
    assert row["agent"] == "fastapi" and row["model"] == "claude-haiku-4-5" and row["requests"] == 2
    assert data["total"]["cost_usd"] == row["cost_usd"] > 0
    table = CliRunner().invoke(
        orchestrate_app, ["cost", "-C", str(project.root)], env={"COLUMNS": "200"}
    )
    assert "fastapi" in table.output and "total" in table.output
    kinds = [e["event"] for e in events]
    assert kinds[:2] == ["turn", "usage"] and "tool" in kinds and kinds[-1] == "stop"
    assert all(json.dumps(e) for e in events)  # `--json` can stream them as they come


def test_the_cost_budget_is_per_run(project):
    first = ScriptedModel([tool_use("finish", {"summary": "s"})], name="claude-haiku-4-5")
    done = ModelEngine(project, lambda name: first, limits=Limits()).perform(
        make_job(project, "fastapi", "DIRECT", "a", run_id="run-b"), workspace(project, "fastapi")
    )
    spent = done.data["cost_usd"]
    budget = Limits(max_cost_usd=spent + 1e-6)
    second = ScriptedModel([tool_use("finish", {"summary": "s"})], name="claude-haiku-4-5")
    blocked = ModelEngine(project, lambda name: second, limits=budget).perform(
        make_job(project, "vue", "DIRECT", "b", run_id="run-b"), workspace(project, "vue")
    )
    assert blocked.status == "blocked" and "cost limit" in blocked.reason
    assert second.requests == []


def test_live_view_renders_the_events(capsys):
    from orchestrator.engines.model.live import LiveView

    view = LiveView()
    for event in [
        {"event": "turn", "agent": "fastapi", "turn": 1},
        {"event": "usage", "agent": "fastapi", "input_tokens": 10, "output_tokens": 5,
         "cache_write_tokens": 100, "cache_read_tokens": 0, "cost_usd": 0.01, "total_usd": 0.01},
        {"event": "tool", "agent": "fastapi", "name": "read_file", "is_error": False},
        {"event": "stop", "agent": "fastapi", "status": "done"},
    ]:  # fmt: skip
        view(event)
    assert view.rows["fastapi"] == {"turn": 1, "tools": 1, "errors": 0, "tokens": 115, "cost": 0.01}
