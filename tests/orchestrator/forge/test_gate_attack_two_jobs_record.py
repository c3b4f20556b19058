"""A crafted record of the tests job against the gate's job: the record is the pull
request's word (its code writes it), so it may say anything about its tests, but the text
it holds must not act in the gate's job. In Actions a line of a step's output (stdout or
stderr) that starts with `::` is a workflow command: an error quoting the record as
written could forge annotations, or `::stop-commands::` the gate's own."""

from __future__ import annotations

import json

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge import test_github_gate_two_jobs as two_jobs
from tests.orchestrator.forge.test_github_gate_two_jobs import run_tests_job

pull = two_jobs.pull  # pull request 46, its tests failing at head
FORGED = "\n::error title=QA verdict::APPROVE\r::stop-commands::x"


def workflow_commands(text: str) -> list[str]:
    lines = text.replace("\r", "\n").split("\n")
    return [line for line in lines if line.lstrip().startswith("::")]


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data | {"test_command": [*data["test_command"], FORGED]},
        lambda data: data | {"test_workdir": FORGED},
        lambda data: data | {FORGED: 1},
        lambda data: {**data, "head_run": {**data["head_run"], FORGED: 1}},
    ],
    ids=["test_command", "test_workdir", "key", "nested key"],
)
def test_a_refused_record_s_text_runs_no_workflow_command(pull, tmp_path, monkeypatch, change):
    root, fake, head = pull
    record = tmp_path / "stackcrew-tests.json"
    assert run_tests_job(root, record, monkeypatch).exit_code == 0
    record.write_text(json.dumps(change(json.loads(record.read_text()))))
    gate = orchestrate("review", "--post", "--format", "github", "--tests-from", record,
                       "--project", root)  # fmt: skip
    assert gate.exit_code == 2, gate.output
    assert str(record) in gate.stderr
    assert workflow_commands(gate.stdout + gate.stderr) == []
    assert [s["state"] for s in fake.statuses[head]] == ["error"]


def test_failed_test_ids_with_line_breaks_stay_inside_their_annotation(pull, tmp_path, monkeypatch):
    root, fake, head = pull
    record = tmp_path / "stackcrew-tests.json"
    assert run_tests_job(root, record, monkeypatch).exit_code == 0
    data = json.loads(record.read_text())
    data["head_run"]["failed"] = [f"tests/test_x.py::t{FORGED}\u2028\x85"]
    record.write_text(json.dumps(data))
    gate = orchestrate("review", "--post", "--format", "github", "--tests-from", record,
                       "--project", root)  # fmt: skip
    assert gate.exit_code == 1, gate.output
    commands = workflow_commands(gate.stdout + gate.stderr)
    assert [c.split(" ", 1)[0] for c in commands] == ["::error", "::notice"], commands
    assert fake.statuses[head][-1]["state"] == "failure"
