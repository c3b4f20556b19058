"""QA-TESTS-FAIL charges a change only with what fails because of it: failures that base
has too are pre-existing, and a command that cannot reach the tests is the setup's fault."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.orchestrator.cli.cli_runner import orchestrate

PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
SERVICE = {"app/services.py": "def double(x: int) -> int:\n    return 2 * x\n"}
PASSING = "def test_more() -> None:\n    assert True\n"
FAILING = "def test_old() -> None:\n    assert 1 == 2\n"


def _by_rule(report) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in report.findings:
        found.setdefault(finding.rule, []).append(finding)
    return found


def test_a_test_the_change_breaks_is_charged_to_it(repo):
    repo.set_test_command(PYTEST)
    repo.base = repo.commit("chore: run the tests")
    repo.change({**SERVICE, "tests/test_posts.py": FAILING.replace("test_old", "test_nothing")})
    report = repo.review(run_tests=True)
    (failed,) = _by_rule(report)["QA-TESTS-FAIL"]
    assert "1 test(s) fail with this change and not on base: tests/test_posts.py::test_nothing" in (
        failed.message
    )
    assert report.verdict == "REQUEST_CHANGES" and "QA-TESTS-PREEXISTING" not in _by_rule(report)


def test_tests_that_fail_on_base_already_are_not_charged(repo):
    repo.set_test_command(PYTEST)
    repo.base = repo.change({"tests/test_old.py": FAILING}, "chore: a test that fails")
    repo.change({**SERVICE, "tests/test_more.py": PASSING})
    report = repo.review(run_tests=True)
    found = _by_rule(report)
    assert "QA-TESTS-FAIL" not in found
    (old,) = found["QA-TESTS-PREEXISTING"]
    assert old.severity == "warning" and "tests/test_old.py::test_old" in old.message
    assert f"on base {repo.base[:8]} as well" in old.message
    assert report.verdict == "APPROVE"


def test_a_new_failure_beside_old_ones_is_charged_alone(repo):
    repo.set_test_command(PYTEST)
    repo.base = repo.change({"tests/test_old.py": FAILING}, "chore: a test that fails")
    repo.change({**SERVICE, "tests/test_more.py": PASSING.replace("True", "False")})
    found = _by_rule(repo.review(run_tests=True))
    (new,) = found["QA-TESTS-FAIL"]
    assert "tests/test_more.py::test_more" in new.message
    assert "tests/test_old.py" not in new.message.split("\n")[0]
    (old,) = found["QA-TESTS-PREEXISTING"]
    assert "tests/test_old.py::test_old" in old.message and "test_more" not in old.message


def test_a_collection_error_the_change_adds_is_charged_to_it(repo):
    repo.set_test_command(PYTEST)
    repo.base = repo.commit("chore: run the tests")
    repo.change({**SERVICE, "tests/test_more.py": "import app.no_such_module\n"})
    (failed,) = _by_rule(repo.review(run_tests=True))["QA-TESTS-FAIL"]
    assert "tests/test_more.py" in failed.message


def test_a_missing_module_on_base_as_well_is_the_setups_fault(repo):
    repo.set_test_command([sys.executable, "-c", "import no_such_module_xyz"])
    repo.base = repo.commit("chore: a test command this machine cannot run")
    repo.change({**SERVICE, "tests/test_more.py": PASSING})
    report = repo.review(run_tests=True)
    (setup,) = _by_rule(report)["QA-TESTS-UNRUNNABLE"]
    assert "No module named 'no_such_module_xyz'" in setup.message
    assert "test_command" in setup.fix and "test_workdir" in setup.fix
    assert setup.severity == "warning" and report.verdict == "APPROVE"


def test_the_cli_gate_does_not_fail_a_change_for_the_environment(repo):
    repo.set_test_command([sys.executable, "-m", "no_such_test_runner_xyz"])
    repo.base = repo.commit("chore: a runner this machine lacks")
    repo.change({**SERVICE, "tests/test_more.py": PASSING})
    done = orchestrate(
        "review", "--base", repo.base, "--head", "HEAD", "-f", "json", "--project", repo.root
    )
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["verdict"] == "APPROVE"
    assert [f["rule"] for f in report["findings"]] == ["QA-TESTS-UNRUNNABLE"]


def test_the_base_run_leaves_no_worktree_behind(repo):
    repo.set_test_command(PYTEST)
    repo.base = repo.change({"tests/test_old.py": FAILING}, "chore: a test that fails")
    repo.change({**SERVICE, "tests/test_more.py": PASSING})
    assert "QA-TESTS-PREEXISTING" in repo.rules(run_tests=True)
    listed = subprocess.run(
        ["git", "worktree", "list", "--porcelain"], cwd=repo.root, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    assert listed.count("worktree ") == 1


def test_a_project_program_by_relative_path_runs_on_base_too(repo):
    """`.venv/bin/python` is untracked: the base worktree has none, yet base's run uses it."""
    program = repo.root / ".venv-test" / "bin" / "python"
    program.parent.mkdir(parents=True)
    os.symlink(sys.executable, program)
    repo.write(".gitignore", ".venv-test/\n")
    repo.set_test_command([".venv-test/bin/python", *PYTEST[1:]])
    repo.base = repo.change({"tests/test_old.py": FAILING}, "chore: a test that fails")
    repo.change({**SERVICE, "tests/test_more.py": PASSING})
    found = _by_rule(repo.review(run_tests=True))
    assert "QA-TESTS-FAIL" not in found and "QA-TESTS-PREEXISTING" in found
