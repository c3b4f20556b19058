"""EXECUTE on a GitHub-tracked project pushes its branch to the remote and opens one pull
request into the default branch; running again updates that same one (resuming after
GitHub failed: test_github_failures.py)."""

from __future__ import annotations

import json

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.conftest import git

pytestmark = pytest.mark.slow


def run_45(root, *more: str):
    return orchestrate("run", "--issue", "45", "--json", *more, "--project", root)


def test_run_pushes_the_branch_and_opens_one_pull_request(github_project):
    root, fake = github_project.root, github_project.fake
    done = run_45(root)
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    branch = result["plan"]["branch"]
    assert result["pull_request"]["created"] is True
    assert git(github_project.remote, "rev-parse", branch) == github_project.git(
        "rev-parse", branch
    )
    [pull] = fake.pulls.values()
    assert (pull["head"], pull["base"], pull["user"]) == (branch, "main", "stackcrew-bot")
    assert pull["title"] == "Add Post resource with CRUD endpoints #45"
    body = pull["body"]
    assert body.startswith("Closes #45\n")
    for expected in ("| TASK-045-database | database |", "| TASK-045-vue | vue |",
                     "Agents: database, fastapi, vue", "Cost: $0.0000", "QA: APPROVE"):  # fmt: skip
        assert expected in body, body
    task = json.loads(orchestrate("sprint", "status", "--json", "--project", root).stdout)
    parent = next(t for t in task["tasks"] if t["id"] == "TASK-045")
    assert parent["pr"] == pull["number"]

    again = run_45(root)  # a second run finds the pull request and updates it
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["pull_request"] == {**result["pull_request"], "created": False}
    assert len(fake.pulls) == 1 and len(fake.calls("POST", r"/pulls$")) == 1
    assert len(fake.calls("PATCH", r"/pulls/\d+$")) == 1


def test_a_pull_request_opened_meanwhile_is_updated_not_duplicated(github_project):
    """The list misses the open pull request (it lags a write): the create answers 422 "A
    pull request already exists", and stackcrew updates the one that exists."""
    root, fake = github_project.root, github_project.fake
    first = run_45(root)
    assert first.exit_code == 0, first.output
    fake.stale_lists = 1
    again = run_45(root)
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["pull_request"]["number"] == 46
    assert fake.served_faults == [] and len(fake.pulls) == 1
    assert len(fake.calls("POST", r"/pulls$")) == 2  # the second one was refused with 422
