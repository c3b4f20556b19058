"""A pull request's `.gitattributes` against the gate's copy of its head.

In Actions the checkout is GitHub's merge commit, not the head the gate reviews, so the
gate reads head's files from a copy it writes itself. `git archive` would honour the
head's own attributes there: `export-ignore` leaves a file out (its secret unseen) and
`export-subst` rewrites `$Format:…$` in it, so the rules would read other text than the
commit holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.conftest import TOKEN, git
from tests.orchestrator.forge.test_github_gate_two_jobs import commit

BRANCH = "fastapi/45-keys"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"


@pytest.fixture
def change(github_project, tmp_path, monkeypatch):
    """Pull request 46 with the files `make` writes, reviewed from a checkout of main (as
    Actions checks out a merge commit, never the head itself)."""
    root, fake = github_project.root, github_project.fake
    config = root / "stackcrew.yaml"
    text = re.sub(r"test_command: .*\n", "", config.read_text()).replace(
        "test_workdir: backend\n", ""
    )
    config.write_text(text + 'test_command: ["python", "-c", "print(1)"]\ntest_workdir: .\n')
    commit(root, "chore: the test command")
    git(root, "push", "-q", "origin", "main")

    def make(files: dict[str, str]) -> str:
        git(root, "switch", "-q", "-c", BRANCH)
        for name, content in files.items():
            (root / name).write_text(content)
        head = commit(root, "feat: keys #45")
        git(root, "push", "-q", "origin", BRANCH)
        git(root, "switch", "-q", "main")
        fake.pulls[46] = {
            "number": 46, "title": "Keys", "body": "Closes #45", "head": BRANCH,
            "base": "main", "state": "open", "merged": False, "merge_commit_sha": None,
            "user": "stackcrew-bot", "head_sha": None,
        }  # fmt: skip
        event = tmp_path / "event.json"
        event.write_text(json.dumps(fake.event(46)))
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
        return head

    return root, fake, make


def gate(root: Path, tmp_path: Path, monkeypatch):
    record = tmp_path / "stackcrew-tests.json"
    monkeypatch.delenv("GITHUB_TOKEN")
    tests = orchestrate("review", "--tests-to", record, "--project", root)
    assert tests.exit_code == 0, tests.output
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    return orchestrate("review", "--post", "--format", "json", "--tests-from", record,
                       "--project", root)  # fmt: skip


def rules_of(done) -> set[str]:
    return {f["rule"] for f in json.loads(done.stdout)["findings"]}


@pytest.mark.parametrize(
    "files",
    [
        # left out of an archive: the secret's file would not be there to read
        {".gitattributes": "deploy.txt export-ignore\n", "deploy.txt": f"aws key {AWS_KEY}\n"},
        # `$Format:%x00$` becomes a NUL byte in an archive, and a file with one is skipped
        # as binary
        {".gitattributes": "*.txt export-subst\n",
         "deploy.txt": f"aws key {AWS_KEY} $Format:%x00$\n"},
    ],
    ids=["export-ignore", "export-subst"],
)  # fmt: skip
def test_the_change_s_attributes_do_not_hide_a_secret_from_the_gate(
    change, tmp_path, monkeypatch, files
):
    root, fake, make = change
    head = make(files)
    done = gate(root, tmp_path, monkeypatch)
    assert done.exit_code == 3, done.output  # BLOCK
    assert "QA-SECRET" in rules_of(done)
    assert fake.statuses[head][-1]["state"] == "failure"
