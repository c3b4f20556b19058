"""The sprint's `--max-cost` against a model that never finishes: the task processes talk
to the loopback Messages API, and what they spend together, as the API billed it, stays
within the sprint's budget."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from orchestrator.engines.model.prices import Usage, cost_usd
from orchestrator.engines.model.scripted import tool_use
from tests.fakes.messages_api import FakeMessagesAPI
from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.sprint.sprint_fixture import pristine_sprint

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
SPRINT_BUDGET = 0.08  # USD: a few requests per task at most


def keep_looking(body: dict) -> object:
    return tool_use("list_files", {})


def billed(api: FakeMessagesAPI, model: str) -> float:
    """The cost of every request the fake answered, by the product's own price list."""
    total = 0.0
    for usage in api.usages:
        total += cost_usd(
            model,
            Usage(
                input_tokens=usage["input_tokens"],
                cache_write_tokens=usage["cache_creation_input_tokens"],
                cache_read_tokens=usage["cache_read_input_tokens"],
                output_tokens=usage["output_tokens"],
            ),
        )
    return total


def test_a_sprint_of_endless_runs_stops_within_its_budget(
    fake_api: FakeMessagesAPI, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path / "sprint"
    shutil.copytree(pristine_sprint(tmp_path_factory), root, symlinks=True)
    fake_api.add(*[keep_looking] * 2000)

    done = orchestrate(
        "sprint", "run", "--jobs", "2", "--max-cost", str(SPRINT_BUDGET), "--json",
        "--project", root,
    )  # fmt: skip

    assert done.exit_code == 1, done.output
    assert fake_api.errors == []
    report = json.loads(done.stdout)
    models = {request["model"] for request in fake_api.requests}
    (model,) = models
    spent = billed(fake_api, model)
    assert len(fake_api.requests) >= 2, "the runs must have talked to the model"
    assert spent <= SPRINT_BUDGET
    assert report["cost_usd"] == pytest.approx(spent, abs=1e-5)
    outcomes = {task["outcome"] for task in report["tasks"]}
    assert "approved" not in outcomes, report["tasks"]
    budget_stops = [t for t in report["tasks"] if "budget" in (t.get("detail") or "")]
    assert budget_stops, report["tasks"]
