"""The QA gate on GitHub: the issue a change is for, inferred from stackcrew's branch
names; in a pull_request workflow, the verdict posted as the `stackcrew/qa` status and one
review, replaced rather than piled up when the gate runs again."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.conftest import git

SECRET_FILE = "backend/app/keys.py"
SECRET_LINE = 'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8sT3kLp0"\n'


def commit_on(root, branch: str, path: str, text: str, message: str) -> str:
    git(root, "switch", "-q", "-C", branch) if branch else None
    (root / path).write_text(text)
    git(root, "add", path)
    subprocess.run(["git", "-c", "user.name=p", "-c", "user.email=p@x", "commit", "-qm", message],
                   cwd=root, check=True)  # fmt: skip
    return git(root, "rev-parse", "HEAD")


@pytest.mark.parametrize(
    ("branch", "flagged"), [("fastapi/45-add-ping", True), ("add-ping", False)]
)
def test_review_base_head_infers_the_issue_from_the_branch_name(blog, branch, flagged):
    commit_on(blog, branch, "backend/app/ping.py", "PING = 1\n", "feat: add ping")
    done = orchestrate("review", "--base", "main", "--head", branch, "--no-tests", "--format",
                       "json", "--project", blog)  # fmt: skip
    rules = {f["rule"] for f in json.loads(done.stdout)["findings"]}
    assert ("QA-COMMIT-ISSUE" in rules) is flagged, done.stdout
    on_head = orchestrate(
        "review", "--base", "main", "--no-tests", "--format", "json", "--project", blog
    )
    assert (
        "QA-COMMIT-ISSUE" in {f["rule"] for f in json.loads(on_head.stdout)["findings"]}
    ) is flagged


def test_post_needs_a_workflow_event(blog):
    done = orchestrate("review", "--base", "HEAD", "--post", "--project", blog)
    assert done.exit_code == 2 and "GITHUB_EVENT_PATH" in done.stderr


def write_event(github_project, tmp_path, number: int, monkeypatch) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(github_project.fake.event(number)))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))


def gate(github_project):
    return orchestrate("review", "--post", "--no-tests", "--project", github_project.root)


@pytest.mark.slow
def test_workflow_gate_comments_on_its_own_pull_request_and_replaces_its_summary(
    github_project, tmp_path, monkeypatch
):
    root, fake = github_project.root, github_project.fake
    assert orchestrate("run", "--issue", "45", "--project", root).exit_code == 0
    write_event(github_project, tmp_path, 46, monkeypatch)
    head = fake._pull(46)["head"]["sha"]
    fake.fail("POST", r"/pulls/46/reviews$", 502, times=4)  # GitHub fails mid-post
    stopped = gate(github_project)
    assert stopped.exit_code == 2 and "post the QA review" in stopped.stderr
    for _ in range(2):
        done = gate(github_project)
        assert done.exit_code == 0, done.output
    # the run's own gate, the stopped one and the two re-runs: one status each
    assert [s["state"] for s in fake.statuses[head]] == ["success"] * 4
    assert fake.statuses[head][0]["context"] == "stackcrew/qa"
    [review] = fake.reviews[46]  # the token opened the pull request: a comment, edited in place
    assert review["state"] == "COMMENTED" and review["user"] == "stackcrew-bot"
    assert review["body"].startswith("## QA review: **APPROVE**")
    assert len(fake.calls("PUT", r"/reviews/\d+$")) == 1


@pytest.mark.slow
def test_workflow_gate_requests_changes_inline_and_dismisses_its_approval(
    github_project, tmp_path, monkeypatch
):
    root, fake = github_project.root, github_project.fake
    assert orchestrate("run", "--issue", "45", "--project", root).exit_code == 0
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_reviewer")  # a reviewer, not the author
    write_event(github_project, tmp_path, 46, monkeypatch)
    assert gate(github_project).exit_code == 0
    assert [r["state"] for r in fake.reviews[46]] == ["APPROVED"]

    branch = fake.pulls[46]["head"]
    head = commit_on(root, "", SECRET_FILE, SECRET_LINE, "feat: keys #45")
    git(root, "push", "-q", "origin", branch)
    write_event(github_project, tmp_path, 46, monkeypatch)
    for _ in range(2):
        done = gate(github_project)
        assert done.exit_code == 3, done.output  # BLOCK
    assert fake.statuses[head][0]["state"] == "failure"
    assert [r["state"] for r in fake.reviews[46]] == ["DISMISSED", "CHANGES_REQUESTED"]
    assert "QA-SECRET" in fake.reviews[46][1]["body"]
    comments = fake.comments[46]  # one a finding, though the gate ran twice
    assert sorted(c["body"].split("**")[1] for c in comments) == [
        "block QA-SECRET",
        "block RUFF-S105",
    ]
    assert {(c["path"], c["line"], c["commit_id"]) for c in comments} == {(SECRET_FILE, 1, head)}
    assert "wJalrXUtnFEMI" not in json.dumps([fake.reviews, fake.comments])


@pytest.mark.slow
def test_a_review_that_cannot_run_posts_an_error_status(github_project, tmp_path, monkeypatch):
    root, fake = github_project.root, github_project.fake
    assert orchestrate("run", "--issue", "45", "--project", root).exit_code == 0
    missing = "f" * 40
    fake.pulls[46]["head_sha"] = missing  # GitHub's head, which this checkout does not have
    event = fake.event(46)
    (tmp_path / "event.json").write_text(json.dumps(event))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "event.json"))
    done = gate(github_project)
    assert done.exit_code == 2
    assert fake.statuses[missing][0]["state"] == "error"
    assert fake.statuses[missing][0]["description"].startswith("QA could not review:")


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        (("repository", "full_name"), "no-owner", "repository.full_name"),
        (("pull_request", "head", "sha"), "HEAD; rm -rf /", "pull_request.head.sha"),
        (("pull_request", "base", "sha"), "--output=/tmp/x", "pull_request.base.sha"),
        (("pull_request", "number"), -3, "pull_request.number"),
        (("pull_request", "head", "ref"), "", "pull_request.head.ref"),
    ],
)
def test_a_hostile_event_file_is_refused_by_name_and_nothing_is_posted(
    github_project, tmp_path, monkeypatch, key, value, named
):
    fake = github_project.fake
    github_project.git("switch", "-q", "-c", "fastapi/45-posts")
    github_project.git("push", "-q", "origin", "fastapi/45-posts")
    fake.pulls[46] = {"title": "t", "body": "", "head": "fastapi/45-posts", "base": "main",
                      "state": "open", "merged": False, "user": "octocat", "head_sha": None}  # fmt: skip
    event = fake.event(46)
    *outer, last = key
    holder = event
    for part in outer:
        holder = holder[part]
    holder[last] = value
    (tmp_path / "event.json").write_text(json.dumps(event))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(tmp_path / "event.json"))
    done = gate(github_project)
    assert done.exit_code == 2, done.output
    assert f"not a pull_request event ({named}" in done.stderr
    assert str(tmp_path / "event.json") in done.stderr
    assert fake.requests == [] and fake.statuses == {}


@pytest.mark.slow
def test_in_actions_the_workflow_token_posts_and_merge_trusts_its_verdict(
    github_project, tmp_path, monkeypatch
):
    """Actions' GITHUB_TOKEN is an installation token: GitHub refuses it `/user`, and what it
    posts is by github-actions[bot], whose verdict merge takes as the gate's."""
    root, fake = github_project.root, github_project.fake
    assert orchestrate("run", "--issue", "45", "--project", root).exit_code == 0
    branch = fake.pulls[46]["head"]
    head = commit_on(root, "", "backend/app/ping.py", "PING = 1\n", "feat: ping #45")
    git(root, "push", "-q", "origin", branch)
    refused = orchestrate("merge", "--pr", "46", "--project", root)
    assert refused.exit_code == 1 and "no stackcrew/qa verdict" in refused.stderr

    fake.tokens["ghs_workflow"] = "github-actions[bot]"
    monkeypatch.setenv("GITHUB_TOKEN", "ghs_workflow")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write_event(github_project, tmp_path, 46, monkeypatch)
    done = gate(github_project)
    assert done.exit_code == 0, done.output
    assert [(s["state"], s["creator"]) for s in fake.statuses[head]] == [
        ("success", "github-actions[bot]")
    ]
    assert [(r["state"], r["user"]) for r in fake.reviews[46]][-1] == (
        "APPROVED",
        "github-actions[bot]",
    )

    monkeypatch.setenv("GITHUB_TOKEN", github_project.token)
    monkeypatch.delenv("GITHUB_ACTIONS")
    monkeypatch.delenv("GITHUB_EVENT_PATH")
    merged = orchestrate("merge", "--pr", "46", "--project", root)
    assert merged.exit_code == 0, merged.output
    assert fake.pulls[46]["merged"]
