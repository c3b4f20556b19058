"""A change's own ruff configuration against the gate's ruff run.

The gate chooses ruff's rules itself (`review.ruff_select` in the base's stackcrew.yaml),
so a `ruff.toml` or `pyproject.toml` the change brings must neither loosen a rule's
options nor make ruff read a file of the machine the gate runs on and quote it in the
gate's error (in CI: the log and the status)."""

from __future__ import annotations

import json
from pathlib import Path

from review_repo import ReviewRepo

from tests.orchestrator.cli.cli_runner import orchestrate

TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}


def _review(repo: ReviewRepo):
    return orchestrate(
        "review", "--base", repo.base, "--no-tests", "--format", "json", "-C", repo.root
    )


def _rules(done) -> set[str]:
    return {f["rule"] for f in json.loads(done.stdout)["findings"]}


def test_the_change_s_ruff_options_do_not_loosen_a_rule(repo):
    repo.change({
        "ruff.toml": "[lint.flake8-bandit]\nhardcoded-tmp-directory = []\n",
        "app/spool.py": 'SPOOL = "/tmp/spool"\n',
        **TEST,
    })  # fmt: skip
    done = _review(repo)
    assert "RUFF-S108" in _rules(done), done.output


def test_the_change_s_ruff_config_does_not_quote_a_file_of_the_machine(repo, tmp_path: Path):
    secret = tmp_path / "runner-credentials"
    secret.write_text("runner token qQ7zW2 not toml\n")
    repo.change({
        "pyproject.toml": f'[tool.ruff]\nextend = "{secret}"\n',
        "app/spool.py": "X = 1\n",
        **TEST,
    })  # fmt: skip
    done = _review(repo)
    assert "qQ7zW2" not in done.output
    assert done.exit_code in (0, 1, 3), done.output  # reviewed, not stopped by ruff
