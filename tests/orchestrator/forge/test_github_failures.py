"""GitHub failing at each step a run and its gate take, as GitHub documents its failures:
each stops with exit 2 and a message naming what failed and what to do, and running again
(`orchestrate resume` for a run, the gate once more in its workflow) finishes the work
with one push, one pull request and one review, the token never shown."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.conftest import GitHubProject

pytestmark = pytest.mark.slow
FORBIDDEN = {"x-accepted-github-permissions": "pull_requests=write"}


def guard_the_remote(remote: Path) -> tuple[Path, Path]:
    """Hooks in the bare remote: refuse pushes while `frozen` exists, and note each ref
    that a push changed in `received`."""
    frozen, received = remote / "frozen", remote / "received.log"
    hooks = {
        "pre-receive": f'#!/bin/sh\nif [ -e "{frozen}" ]; then\n'
        '  echo "pushes to this repository are frozen" >&2\n  exit 1\nfi\n',
        "post-receive": f'#!/bin/sh\ncat >> "{received}"\n',
    }
    for name, script in hooks.items():
        hook = remote / "hooks" / name
        hook.write_text(script)
        hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    return frozen, received


def stopped(done, *expected: str) -> None:
    assert done.exit_code == 2, done.output
    for text in expected:
        assert text in done.stderr, done.stderr


def test_a_run_stopped_at_each_github_step_resumes_with_one_push_and_one_pull_request(
    github_project: GitHubProject,
) -> None:
    root, fake, outputs = github_project.root, github_project.fake, []
    with (root / "stackcrew.yaml").open("a") as config:  # each resume re-reviews: no pytest
        config.write("review:\n  run_tests: false\n")
    github_project.git("commit", "-qam", "chore: review without the test run")
    github_project.git("push", "-q", "origin", "main")
    frozen, received = guard_the_remote(github_project.remote)

    def cli(*args: str):
        done = orchestrate(*args, "--project", root)
        outputs.append(done.output)
        return done

    frozen.touch()
    first = cli("run", "--issue", "45")
    stopped(first, "cannot push fastapi/45-", "pushes to this repository are frozen")
    assert "APPROVE" in first.stdout  # the run's result is shown before the forge's error
    run_id = first.stderr.split("orchestrate resume ")[1].split("`")[0]
    frozen.unlink()

    fake.fail("GET", r"/pulls$", 404)
    stopped(cli("resume", run_id), "GitHub found nothing to", "(404 Not Found)", run_id)
    fake.fail("POST", r"/pulls$", 403, headers=FORBIDDEN)
    stopped(cli("resume", run_id), "needs the permission pull_requests=write", run_id)
    fake.fail("POST", r"/pulls$", 502, times=4)  # more than the client's retries
    stopped(cli("resume", run_id), "GitHub answered 502", run_id)
    fake.rate_limit("POST", r"/pulls$", seconds=3600)
    stopped(cli("resume", run_id), "primary rate limit stopped", run_id)
    fake.rate_limit("POST", r"/pulls$", kind="secondary", seconds=1)
    waited = cli("resume", run_id)
    assert waited.exit_code == 0, waited.output
    assert "GitHub secondary rate limit: waiting 1 s" in waited.stderr
    assert "Opened pull request #46" in waited.stdout
    again = cli("resume", run_id)
    assert again.exit_code == 0 and "Updated pull request #46" in again.stdout

    assert fake.served_faults == [404, 403, 502, 502, 502, 502, 403, 403]
    assert len(fake.pulls) == 1 and fake.pulls[46]["body"].startswith("Closes #45\n")
    pushes = received.read_text().splitlines()
    assert [line.split()[2] for line in pushes] == [f"refs/heads/{fake.pulls[46]['head']}"]
    assert github_project.token not in "".join(outputs)


def test_a_gate_stopped_at_each_github_step_posts_one_review_when_run_again(
    github_project: GitHubProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, fake = github_project.root, github_project.fake
    assert orchestrate("run", "--issue", "45", "--project", root).exit_code == 0
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_reviewer")  # a reviewer, so it may approve
    event = tmp_path / "event.json"
    event.write_text(json.dumps(fake.event(46)))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    head = fake._pull(46)["head"]["sha"]
    before = len(fake.statuses.get(head, []))

    def gate():
        return orchestrate("review", "--post", "--no-tests", "--project", root)

    fake.fail(
        "POST", r"/statuses/", 403, headers={"x-accepted-github-permissions": "statuses=write"}
    )
    stopped(gate(), "needs the permission statuses=write", "set the stackcrew/qa status")
    fake.fail("GET", r"/pulls/46/reviews$", 404)
    stopped(gate(), "list the reviews of pull request #46", "(404 Not Found)")
    fake.rate_limit("POST", r"/pulls/46/reviews$", kind="secondary", seconds=3600)
    stopped(gate(), "secondary rate limit stopped post the QA review")
    for _ in range(2):
        done = gate()
        assert done.exit_code == 0, done.output

    assert fake.served_faults == [403, 404, 403]
    [review] = fake.reviews[46]
    assert (review["state"], review["user"], review["commit_id"]) == ("APPROVED", "qa-bot", head)
    assert len(fake.calls("POST", r"/pulls/46/reviews$")) == 2  # the refused one, then one
    statuses = fake.statuses[head][before:]
    assert [s["state"] for s in statuses] == ["success"] * 4  # the three stopped after it
    assert all(s["context"] == "stackcrew/qa" for s in statuses)
