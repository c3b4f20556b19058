"""The gate split in two CI jobs: the change's tests run where no token can set the
status (`review --tests-to`), the gate judges what they said without running any of the
pull request's code (`review --post --tests-from`), and a record of other code, of
another command or of an unknown shape is refused with the file and the key named."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.conftest import TOKEN, git

BRANCH = "fastapi/45-flag"
TEST_FLAG = "from app.flag import FLAG\n\n\ndef test_flag() -> None:\n    assert FLAG\n"
# Fails, as pytest would say it, only where the change's flag module exists.
SCRIPT = (
    "import pathlib, sys; bad = pathlib.Path('backend/app/flag.py').exists(); "
    "print('FAILED backend/tests/test_flag.py::test_flag - boom' if bad else '1 passed'); "
    "sys.exit(1 if bad else 0)"
)


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    subprocess.run(["git", "-c", "user.name=p", "-c", "user.email=p@x", "commit", "-qm", message],
                   cwd=root, check=True)  # fmt: skip
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def pull(github_project, tmp_path, monkeypatch):
    """Pull request 46: the base's config runs SCRIPT; the change adds the flag module
    and a test for it."""
    root, fake = github_project.root, github_project.fake
    config = root / "stackcrew.yaml"
    text = re.sub(r"test_command: .*\n", "", config.read_text()).replace(
        "test_workdir: backend\n", ""
    )
    command = json.dumps(["python", "-c", SCRIPT])
    config.write_text(text + f"test_command: {command}\ntest_workdir: .\n")
    commit(root, "chore: the test command")
    git(root, "push", "-q", "origin", "main")
    git(root, "switch", "-q", "-c", BRANCH)
    (root / "backend/app/flag.py").write_text("FLAG = True\n")
    (root / "backend/tests/test_flag.py").write_text(TEST_FLAG)
    head = commit(root, "feat: flag #45")
    git(root, "push", "-q", "origin", BRANCH)
    fake.pulls[46] = {
        "number": 46, "title": "Flag", "body": "Closes #45", "head": BRANCH, "base": "main",
        "state": "open", "merged": False, "merge_commit_sha": None, "user": "stackcrew-bot",
        "head_sha": None,
    }  # fmt: skip
    event = tmp_path / "event.json"
    event.write_text(json.dumps(fake.event(46)))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    return root, fake, head


def run_tests_job(root: Path, record: Path, monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN")  # the tests job has no token that may post
    done = orchestrate("review", "--tests-to", record, "--project", root)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    return done


def test_the_tests_job_runs_them_and_the_gate_judges_without_running_them(
    pull, tmp_path, monkeypatch
):
    root, fake, head = pull
    record = tmp_path / "stackcrew-tests.json"
    done = run_tests_job(root, record, monkeypatch)
    assert done.exit_code == 0, done.output
    assert f"tests at {head[:12]}: failed (1 test(s) named)" in done.stdout
    saved = json.loads(record.read_text())
    assert saved["head"] == head
    assert saved["head_run"]["failed"] == ["backend/tests/test_flag.py::test_flag"]
    assert saved["base_run"]["returncode"] == 0  # run at base too: the failure is new

    gate = orchestrate("review", "--post", "--tests-from", record, "--project", root)
    assert gate.exit_code == 1, gate.output  # REQUEST CHANGES
    assert fake.statuses[head][0]["state"] == "failure"
    [review] = fake.reviews[46]
    assert "QA-TESTS-FAIL" in review["body"] and "test_flag" in review["body"]


def test_the_gate_s_verdict_rests_on_the_record_alone(pull, tmp_path, monkeypatch):
    """The record is the change's word, as its tests are: said to pass, the gate runs
    nothing to see otherwise (the same command fails at head)."""
    root, fake, head = pull
    record = tmp_path / "stackcrew-tests.json"
    assert run_tests_job(root, record, monkeypatch).exit_code == 0
    said = json.loads(record.read_text())
    said["head_run"] = {"returncode": 0, "output": "1 passed", "failed": []}
    record.write_text(json.dumps(said))
    gate = orchestrate("review", "--post", "--tests-from", record, "--project", root)
    assert gate.exit_code == 0, gate.output
    assert fake.statuses[head][0]["state"] == "success"


def test_a_record_of_other_code_is_refused_and_said_on_github(pull, tmp_path, monkeypatch):
    root, fake, head = pull
    record = tmp_path / "stackcrew-tests.json"
    assert run_tests_job(root, record, monkeypatch).exit_code == 0
    forged = json.loads(record.read_text())
    forged["head"] = "a" * 40
    forged["head_run"] = {"returncode": 0, "output": "1 passed", "failed": []}
    record.write_text(json.dumps(forged))
    gate = orchestrate("review", "--post", "--tests-from", record, "--project", root)
    assert gate.exit_code == 2
    assert (
        f"{record}: the tests ran at aaaaaaaaaaaa, but the gate reviews {head[:12]}" in gate.stderr
    )
    assert [s["state"] for s in fake.statuses[head]] == ["error"]
    assert not fake.reviews.get(46)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda data: data | {"passed": True}, "passed: Extra inputs are not permitted"),
        (lambda data: data | {"test_command": ["true"]}, "the tests ran `true`"),
        (lambda data: {**data, "head_run": {**data["head_run"], "returncode": "0"}},
         "head_run.returncode"),
    ],
)  # fmt: skip
def test_a_record_of_another_shape_or_command_is_refused(
    pull, tmp_path, monkeypatch, change, named
):
    root = pull[0]
    record = tmp_path / "stackcrew-tests.json"
    assert run_tests_job(root, record, monkeypatch).exit_code == 0
    record.write_text(json.dumps(change(json.loads(record.read_text()))))
    gate = orchestrate("review", "--post", "--tests-from", record, "--project", root)
    assert gate.exit_code == 2
    assert str(record) in gate.stderr and named in gate.stderr


def test_recording_posts_nothing_and_takes_no_other_test_option(pull, tmp_path):
    root = pull[0]
    for extra in (["--post"], ["--no-tests"], ["--tests-from", "x.json"]):
        done = orchestrate("review", "--tests-to", tmp_path / "t.json", *extra, "--project", root)
        assert done.exit_code == 2 and "--tests-to" in done.stderr, done.output
    assert not (tmp_path / "t.json").exists()


def test_no_record_at_all_is_an_error_status_not_silence(pull, tmp_path):
    """The tests job failed before it wrote anything (the workflow runs the gate anyway):
    the pull request gets an `error` status, so a required check cannot pass."""
    root, fake, head = pull
    missing = tmp_path / "stackcrew" / "stackcrew-tests.json"
    gate = orchestrate("review", "--post", "--tests-from", missing, "--project", root)
    assert gate.exit_code == 2
    assert f"{missing}: cannot read the recorded test runs" in gate.stderr
    assert [s["state"] for s in fake.statuses[head]] == ["error"]
