"""The verdict, the `review:` settings (off, re-graded, waived), the test run, the formats."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import get_args

import pytest

from orchestrator.config.review import ReviewSettings, Waiver
from orchestrator.review.catalog import RUFF, RULE_TEXT, rule_text
from orchestrator.review.findings import EXIT_CODES, SEVERITY_ORDER, Finding, verdict_of
from orchestrator.review.gate import apply_settings
from orchestrator.review.output import (
    SARIF_LEVEL,
    SEVERITY_STYLE,
    VERDICT_STYLE,
    format_github,
    format_markdown,
    format_sarif,
)
from orchestrator.review.rules import RULE_IDS
from project_state.verdicts import Severity, Verdict

GATE_DOC = Path(__file__).parents[3] / "docs" / "qa-gate.md"
SERVICE = "app/services.py"
TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}


def _finding(rule: str = "QA-SECRET", severity: str = "block", line: int = 3) -> Finding:
    return Finding(rule, severity, "app/x.py", line, "msg, with: 100%\nsecond", "fix it", "fastapi")  # type: ignore[arg-type]


def test_every_catalogued_rule_is_run_by_exactly_one_check():
    assert sorted(RULE_IDS) == sorted([*RULE_TEXT, RUFF])
    assert rule_text("RUFF-S105") == "ruff rule S105"


def test_the_gate_s_documentation_names_every_catalogued_rule():
    doc = GATE_DOC.read_text(encoding="utf-8")
    assert [rule for rule in RULE_TEXT if f"`{rule}`" not in doc] == []


def test_every_severity_and_verdict_has_its_entry_in_each_table():
    for by_severity in (SEVERITY_ORDER, SARIF_LEVEL, SEVERITY_STYLE):
        assert set(by_severity) == set(get_args(Severity))
    for by_verdict in (EXIT_CODES, VERDICT_STYLE):
        assert set(by_verdict) == set(get_args(Verdict))


def test_verdict_is_decided_by_the_worst_live_finding():
    assert verdict_of([]) == "APPROVE"
    assert verdict_of([_finding("RUFF-ANN001", "warning")]) == "APPROVE"
    assert (
        verdict_of([_finding("QA-N-PLUS-ONE", "error"), _finding("RUFF-ANN001", "warning")])
        == "REQUEST_CHANGES"
    )
    assert verdict_of([_finding(), _finding("QA-N-PLUS-ONE", "error")]) == "BLOCK"


def test_settings_switch_off_regrade_and_waive():
    settings = ReviewSettings.model_validate(
        {
            "rules": {"RUFF-*": {"enabled": False}, "QA-N-PLUS-ONE": {"severity": "warning"}},
            "waivers": [{"rule": "QA-SECRET", "path": "app/*", "reason": "a documented test key"}],
        }
    )
    kept = apply_settings(
        settings, [_finding(), _finding("RUFF-T201", "error"), _finding("QA-N-PLUS-ONE", "error")]
    )
    assert [(f.rule, f.severity, f.waived) for f in kept] == [
        ("QA-SECRET", "block", "a documented test key"),
        ("QA-N-PLUS-ONE", "warning", None),
    ]
    assert verdict_of(kept) == "APPROVE" and not settings.enabled("RUFF-S105")


def test_a_waiver_needs_a_written_reason():
    with pytest.raises(ValueError, match="reason"):
        Waiver.model_validate({"rule": "QA-SECRET", "reason": ""})


def test_a_test_command_that_fails_only_with_the_change_requests_changes(repo):
    fails_once_broken = (
        "import pathlib, sys; print('2 failed'); sys.exit(pathlib.Path('broken').exists())"
    )
    repo.set_test_command([sys.executable, "-c", fails_once_broken])
    repo.change({SERVICE: "X = 1\n", "broken": "", **TEST})
    report = repo.review(run_tests=True)
    found = [f for f in report.findings if f.rule == "QA-TESTS-FAIL"]
    assert (
        len(found) == 1 and "2 failed" in found[0].message and "passes on base" in found[0].message
    )
    assert report.verdict == "REQUEST_CHANGES"


def test_passing_test_command_approves(repo):
    repo.change({SERVICE: "X = 1\n", **TEST})
    report = repo.review(run_tests=True)
    assert report.verdict == "APPROVE" and report.findings == []


def test_missing_test_program_is_a_finding_not_a_crash(repo):
    repo.set_test_command(["no-such-program-xyz"])
    repo.change({SERVICE: "X = 1\n", **TEST})
    assert "QA-TESTS-UNRUNNABLE" in repo.rules(run_tests=True)


def test_sarif_has_repo_relative_uris_and_stable_rule_ids(repo):
    repo.change({SERVICE: 'AWS = "AKIAIOSFODNN7EXAMPLE"\nprint(AWS)\n', **TEST})
    sarif = json.loads(format_sarif(repo.review()))
    assert sarif["version"] == "2.1.0" and "sarif-2.1.0" in sarif["$schema"]
    run = sarif["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"QA-SECRET", "RUFF-T201"} <= set(ids)
    secret = next(r for r in run["results"] if r["ruleId"] == "QA-SECRET")
    location = secret["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == SERVICE and location["region"] == {"startLine": 1}
    assert secret["level"] == "error" and ids[secret["ruleIndex"]] == "QA-SECRET"


def test_github_annotations_escape_their_data(repo):
    from orchestrator.review.gate import ReviewReport

    report = ReviewReport("a" * 40, "b" * 40, "BLOCK", [_finding()])
    lines = format_github(report).splitlines()
    assert lines[0].startswith(
        "::error file=app/x.py,line=3,title=QA-SECRET::msg, with: 100%25%0Asecond"
    )
    assert lines[-1].startswith("::notice title=QA verdict::BLOCK")


def test_markdown_lists_findings_and_waivers():
    from orchestrator.review.gate import ReviewReport

    waived = Finding("QA-SECRET", "block", "app/x.py", 3, "m", "f", "fastapi", waived="test key")
    text = format_markdown(ReviewReport("a" * 40, "b" * 40, "APPROVE", [waived]))
    assert "**APPROVE**" in text and "| block (waived) | `QA-SECRET` | `app/x.py:3` |" in text
    assert "waived QA-SECRET at app/x.py:3: test key" in text


def test_added_lines_come_from_the_head_side_of_each_hunk():
    from orchestrator.review.diff import parse_added_lines

    diff = (
        "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n"
        "@@ -3,0 +4,2 @@\n+x\n+y\n@@ -9 +10,0 @@\n-gone\n@@ -20 +20 @@\n-old\n+new\n"
        "diff --git a/b.py b/b.py\n--- a/b.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n"
    )
    assert parse_added_lines(diff, ["a.py", "b.py"]) == {"a.py": {4, 5, 20}}


def test_settings_come_from_the_config_review_section_when_present():
    from types import SimpleNamespace

    from orchestrator.config import Config
    from orchestrator.config.review import settings_of

    configured = ReviewSettings.model_validate({"max_rounds": 5})
    assert settings_of(SimpleNamespace(review=configured)).max_rounds == 5
    assert settings_of(Config()).max_rounds == 2  # until Config has `review:`
    with pytest.raises(ValueError, match="extra"):
        ReviewSettings.model_validate({"max_round": 5})
