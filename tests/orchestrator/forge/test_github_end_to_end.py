"""The whole GitHub flow through the real CLI against the loopback API and a bare remote:
issue → run → one pull request → the gate in workflow mode → merge through the API →
the issue closed, twice over with nothing duplicated, and the token nowhere it was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.conftest import git
from tests.orchestrator.forge.test_github_gate import SECRET_FILE, SECRET_LINE, commit_on

pytestmark = pytest.mark.slow


def everything_under(folder: Path) -> bytes:
    return b"".join(
        p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()
    )


def test_issue_to_merge_twice_over_with_nothing_duplicated_and_no_token_written(
    github_project, tmp_path, monkeypatch
):
    root, fake = github_project.root, github_project.fake
    outputs = []

    def cli(*args: str, code: int = 0):
        done = orchestrate(*args, "--project", root)
        outputs.append(done.output)
        assert done.exit_code == code, f"{args}\n{done.output}"
        return done

    event = tmp_path / "event.json"
    for _ in range(2):
        cli("run", "--issue", "45")
        event.write_text(json.dumps(fake.event(46)))
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
        cli("review", "--post", "--no-tests")
        monkeypatch.delenv("GITHUB_EVENT_PATH")
    assert len(fake.pulls) == 1 and len(fake.reviews[46]) == 1
    head = fake._pull(46)["head"]["sha"]
    assert {s["state"] for s in fake.statuses[head]} == {"success"}

    merged = cli("merge", "--pr", "46")
    assert "Merged #46 fastapi/45-" in merged.stdout and "into main" in merged.stdout
    assert fake.pulls[46]["merged"] and fake.issues[45]["state"] == "closed"
    assert git(github_project.remote, "rev-parse", "main") == fake.pulls[46]["merge_commit_sha"]
    board = json.loads(cli("sprint", "status", "--json").stdout)
    assert {t["status"] for t in board["tasks"] if t["issue"] == 45} == {"DONE"}
    assert json.loads(cli("issue", "show", "45", "--json").stdout)["status"] == "closed"
    again = cli("merge", "--pr", "46")  # already merged: nothing more happens
    assert "(merged before)" in again.stdout
    assert len(fake.calls("PUT", r"/pulls/46/merge$")) == 1

    secret = github_project.token.encode()
    assert any(r.login == "stackcrew-bot" for r in fake.requests)  # the token was used
    assert secret not in everything_under(tmp_path)
    assert github_project.token not in "".join(outputs)


def test_merge_refuses_without_an_approve_on_the_current_head(github_project):
    root, fake = github_project.root, github_project.fake
    assert orchestrate("run", "--issue", "45", "--project", root).exit_code == 0
    branch = fake.pulls[46]["head"]
    commit_on(root, "", SECRET_FILE, SECRET_LINE, "feat: keys #45")  # unreviewed
    git(root, "push", "-q", "origin", branch)
    done = orchestrate("merge", "--pr", "46", "--project", root)
    assert done.exit_code == 1 and "no stackcrew/qa verdict on its head" in done.stderr
    head = fake._pull(46)["head"]["sha"]
    fake.statuses[head] = [{**fake.statuses[next(iter(fake.statuses))][0], "state": "failure",
                            "description": "BLOCK: 1 blocking", "sha": head}]  # fmt: skip
    done = orchestrate("merge", "--pr", "46", "--project", root)
    assert done.exit_code == 1 and "is failure (BLOCK: 1 blocking), not APPROVE" in done.stderr
    assert not fake.calls("PUT", r"/merge$") and fake.issues[45]["state"] == "open"
