"""`orchestrate sprint workflow`: a GitHub Actions workflow that GitHub's schema accepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from orchestrator.sprint.workflow import WORKFLOW_PATH
from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.sprint.sprint_fixture import ok

CHECKER = Path(sys.executable).parent / "check-jsonschema"


def schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    argv = [str(CHECKER), "--builtin-schema", "vendor.github-workflows", str(path)]
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def test_the_written_workflow_is_valid_for_github(blog: Path) -> None:
    setup = "pip install -e 'backend[test]'\necho \"ready: $(python --version)\""
    ok("sprint", "workflow", "--setup", setup, "--python", "3.11", "--project", blog)
    written = blog / WORKFLOW_PATH
    checked = schema_check(written)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    workflow = yaml.safe_load(written.read_text())
    assert list(workflow["jobs"]) == ["plan", "task", "merge-events"]
    assert workflow["env"] == {"STACKCREW_INSTALL": "stackcrew", "PYTHON_VERSION": "3.11"}
    task = workflow["jobs"]["task"]
    assert task["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert task["env"]["ANTHROPIC_API_KEY"] == "${{ secrets.ANTHROPIC_API_KEY }}"
    steps = {step.get("name"): step for step in task["steps"]}
    assert steps["Set up the project's tests"]["run"] == setup + "\n"
    assert steps["Keep the task's events"]["with"]["path"] == "project_state/task-log.jsonl"
    merging = " ".join(step.get("run", "") for step in workflow["jobs"]["merge-events"]["steps"])
    assert "orchestrate state merge events/*/task-log.jsonl" in merging
    assert "orchestrate sprint plan --matrix" in workflow["jobs"]["plan"]["steps"][3]["run"]


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    assert schema_check(broken).returncode == 1


def test_a_different_workflow_is_kept_unless_forced(blog: Path) -> None:
    target = blog / WORKFLOW_PATH
    target.parent.mkdir(parents=True)
    target.write_text("name: mine\n")
    refused = orchestrate("sprint", "workflow", "--project", blog)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert target.read_text() == "name: mine\n"
    ok("sprint", "workflow", "--force", "--install", "stackcrew==0.1.0", "--project", blog)
    assert 'STACKCREW_INSTALL: "stackcrew==0.1.0"' in target.read_text()


@pytest.mark.parametrize("install", ['git+https://example.com/stackcrew.git@v1#egg="x"', "a: b"])
def test_odd_install_specs_stay_one_string(blog: Path, install: str) -> None:
    shown = ok("sprint", "workflow", "--install", install, "--stdout", "--project", blog).stdout
    assert yaml.safe_load(shown)["env"]["STACKCREW_INSTALL"] == install
    assert not (blog / WORKFLOW_PATH).exists()
