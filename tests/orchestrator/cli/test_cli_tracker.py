"""Issues, sprint, log and state through the CLI, on real repositories."""

from __future__ import annotations

import json
import re
import subprocess

from cli_runner import orchestrate


def test_issue_lifecycle(blog):
    made = orchestrate("issue", "new", "Add tags", "--body", "Tag posts", "-l", "backend",
                       "--project", blog, "--json")  # fmt: skip
    assert made.exit_code == 0, made.output
    number = json.loads(made.stdout)["number"]
    assert number == 46
    listed = json.loads(orchestrate("issue", "list", "--project", blog, "--json").stdout)
    assert [i["number"] for i in listed] == [44, 45, 46]
    assert orchestrate("issue", "close", "46", "--project", blog).exit_code == 0
    shown = json.loads(orchestrate("issue", "show", "46", "--project", blog, "--json").stdout)
    assert shown["status"] == "closed"


def test_issue_with_spec_file_and_bad_spec(blog, tmp_path):
    good = tmp_path / "spec.yaml"
    good.write_text("kind: resource\nresource: tag\nfields:\n  - {name: label, type: str}\n")
    assert orchestrate("issue", "new", "Tags", "--spec", good, "--project", blog).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: resource\nfields:\n  - {name: label, type: string}\n")
    result = orchestrate("issue", "new", "Tags", "--spec", bad, "--project", blog)
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and "fields[0].type" in result.stderr


def test_unknown_assignee_is_refused(blog):
    result = orchestrate("issue", "new", "X", "--assignee", "frontend", "--project", blog)
    assert result.exit_code == 2 and "unknown agent 'frontend'" in result.stderr


def test_sprint_board_and_moves(blog):
    board = orchestrate("sprint", "status", "--project", blog)
    assert board.exit_code == 0 and "TASK-045" in board.stdout and "Sprint 2" in board.stdout
    assert (
        orchestrate("sprint", "move", "TASK-044", "in_progress", "--project", blog).exit_code == 0
    )
    refused = orchestrate("sprint", "move", "TASK-044", "TODO", "--project", blog)
    assert refused.exit_code == 0  # IN_PROGRESS -> TODO is allowed (put back)
    blocked = orchestrate("sprint", "move", "TASK-044", "DONE", "--project", blog)
    assert blocked.exit_code == 1 and "IN_PROGRESS" in blocked.stderr
    data = json.loads(orchestrate("sprint", "status", "--project", blog, "--json").stdout)
    assert {t["id"]: t["status"] for t in data["tasks"]}["TASK-044"] == "TODO"


def test_sprint_add_routes_the_issue(blog):
    orchestrate("issue", "new", "Add a redis service to docker compose", "--project", blog)
    added = orchestrate("sprint", "add", "46", "--project", blog)
    assert added.exit_code == 0 and "TASK-046" in added.stdout and "devops" in added.stdout


def test_log_filters(blog):
    orchestrate("sprint", "move", "TASK-044", "IN_PROGRESS", "--project", blog)
    events = json.loads(
        orchestrate("log", "--task", "TASK-044", "--event", "task_status", "--project", blog,
                    "--json").stdout
    )  # fmt: skip
    assert [e["data"]["status"] for e in events] == ["IN_PROGRESS"]


def test_state_check_reports_drift_and_rebuild_fixes_it(blog):
    sprint = blog / "project_state" / "current-sprint.json"
    data = json.loads(sprint.read_text())
    data["tasks"][0]["title"] = "edited by hand"
    sprint.write_text(json.dumps(data))
    drift = orchestrate("state", "check", "--project", blog)
    assert drift.exit_code == 1 and "TASK-044" in drift.stdout
    assert orchestrate("state", "rebuild", "--project", blog).exit_code == 0
    assert orchestrate("state", "check", "--project", blog).exit_code == 0


def test_malformed_state_file_names_line_and_column_and_is_kept(blog):
    project = blog / "project_state" / "project.json"
    broken = project.read_text().replace('"issues"', '"issues" "oops"', 1)
    project.write_text(broken)
    result = orchestrate("issue", "new", "X", "--project", blog)
    assert result.exit_code == 2
    assert re.search(r"project_state/project\.json:\d+:\d+: invalid JSON", result.stderr)
    assert "fix the file by hand" in result.stderr
    assert project.read_text() == broken


def test_init_in_an_existing_repo(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = orchestrate("init", tmp_path, "--name", "shop")
    assert result.exit_code == 0
    assert (tmp_path / "project_state" / "project.json").exists()
    assert (tmp_path / "stackcrew.yaml").exists()
    assert "project_state/runs/" in (tmp_path / ".gitignore").read_text()
    again = orchestrate("init", tmp_path)
    assert "nothing was missing" in again.stdout


def test_init_example_refuses_a_non_empty_directory(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "file").write_text("mine")
    result = orchestrate("init", "--example", "blog", tmp_path / "x")
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert (tmp_path / "x" / "file").read_text() == "mine"
