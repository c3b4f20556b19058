"""The model's review is advisory: shown, marked as such, never the verdict."""

from __future__ import annotations

import json

from orchestrator.config.review import ReviewSettings
from orchestrator.engines.model.scripted import text
from orchestrator.project import open_project
from orchestrator.review import advisory
from orchestrator.review.advisory import LABEL
from orchestrator.review.gate import review_change
from orchestrator.review.output import (
    format_github,
    format_json,
    format_markdown,
    format_sarif,
    format_table,
)
from tests.fakes.messages_api import FakeMessagesAPI

SERVICE = "app/services.py"
TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}
MODEL_SAYS = "APPROVE. Looks good to me; consider a docstring in app/services.py:1."


def _requests_changes(repo) -> None:
    """An added `print` in app code: RUFF-T201 at error, so REQUEST CHANGES."""
    repo.change({SERVICE: "X = 1\nprint(X)\n", **TEST})


def test_no_model_configured_no_advisory_and_no_call(repo):
    _requests_changes(repo)
    with FakeMessagesAPI() as api:  # up, but nothing points at it: no key, no base_url
        report = repo.review()
    assert api.requests == [] and api.errors == []
    assert report.verdict == "REQUEST_CHANGES" and report.advisory == []
    assert "advisory" not in report.to_json()
    assert LABEL not in format_markdown(report) and "::notice title=QA advisory" not in (
        format_github(report)
    )


def test_model_notes_are_marked_advisory_and_never_change_the_verdict(repo, fake_api):
    _requests_changes(repo)
    fake_api.add(text(MODEL_SAYS))
    report = repo.review()
    assert fake_api.errors == [] and len(fake_api.requests) == 1
    question = fake_api.requests[0]["messages"][0]["content"][0]["text"]
    assert SERVICE in question and "RUFF-T201" in question and "print(X)" in question
    tools = {t["name"] for t in fake_api.requests[0]["tools"]}
    assert "write_file" not in tools and "read_file" in tools  # CONSULT: read-only

    assert report.advisory == [MODEL_SAYS]
    assert report.verdict == "REQUEST_CHANGES" and report.exit_code == 1

    data = json.loads(format_json(report))
    assert data["verdict"] == "REQUEST_CHANGES"
    assert data["advisory"] == {"label": LABEL, "notes": [MODEL_SAYS]}
    markdown = format_markdown(report)
    assert "**REQUEST_CHANGES**" in markdown and LABEL[1:] in markdown and MODEL_SAYS in markdown
    github = format_github(report).splitlines()
    assert github[-2].startswith("::notice title=QA verdict::REQUEST_CHANGES")
    assert github[-1].startswith("::notice title=QA advisory (model) — does not affect the verdict")
    assert github[-1].endswith(MODEL_SAYS)
    run = json.loads(format_sarif(report))["runs"][0]
    note = next(r for r in run["results"] if r["ruleId"] == "QA-ADVISORY")
    assert note["level"] == "note" and LABEL in note["message"]["text"]
    assert run["tool"]["driver"]["rules"][note["ruleIndex"]]["id"] == "QA-ADVISORY"
    assert run["properties"]["advisory"]["notes"] == [MODEL_SAYS]
    assert all(r["level"] != "note" for r in run["results"] if r["ruleId"] != "QA-ADVISORY")

    from rich.console import Console

    console = Console(width=200, record=True)
    console.print(format_table(report))
    shown = console.export_text()
    assert LABEL in shown and "REQUEST_CHANGES" in shown and "consider a docstring" in shown


def test_verdict_and_findings_are_those_of_the_run_without_the_model(repo, monkeypatch):
    _requests_changes(repo)
    without = repo.review()
    with FakeMessagesAPI([text(MODEL_SAYS)]) as api:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "test")
        with_model = repo.review()
    assert with_model.advisory == [MODEL_SAYS] and without.advisory == []
    assert (with_model.verdict, with_model.findings) == (without.verdict, without.findings)
    assert with_model.exit_code == without.exit_code == 1


def test_a_model_fault_leaves_the_verdict_and_says_unavailable(repo, fake_api):
    _requests_changes(repo)
    tries = ["500"] * (advisory.MAX_RETRIES + 1)  # the first try and every retry
    fake_api.add(*tries)
    report = repo.review()
    assert fake_api.faults_served == tries
    assert report.verdict == "REQUEST_CHANGES"
    assert len(report.advisory) == 1 and report.advisory[0].startswith(
        "advisory review unavailable:"
    )
    assert "\n" not in report.advisory[0]
    assert "unavailable" in format_markdown(report) and LABEL[1:] in format_markdown(report)


def test_a_refused_key_is_a_note_not_an_exception(repo, fake_api):
    fake_api.add("401")
    repo.change({SERVICE: "X = 1\n", **TEST})
    report = repo.review()
    assert report.verdict == "APPROVE" and fake_api.faults_served == ["401"]
    (note,) = report.advisory
    assert note.startswith("advisory review unavailable:") and "\n" not in note


def test_the_offline_engine_the_keyword_and_the_setting_switch_it_off(repo, fake_api):
    repo.write("stackcrew.yaml", "version: 1\nengine: offline\n")
    repo.change({SERVICE: "X = 1\n", **TEST})
    assert repo.review().advisory == [] and fake_api.requests == []

    repo.write("stackcrew.yaml", "version: 1\n")
    repo.commit("chore: the model is allowed #45")
    project = open_project(repo.root)
    assert advisory.advisory_enabled(project)
    quiet = review_change(project, repo.base, "HEAD", run_tests=False, advisory=False)
    assert quiet.advisory == [] and fake_api.requests == []

    repo.write("stackcrew.yaml", "version: 1\nreview: {advisory: false}\n")
    repo.commit("chore: no advisory review #45")
    assert not advisory.advisory_enabled(open_project(repo.root))
    repo.change({SERVICE: "X = 2\n", **TEST})
    assert repo.review().advisory == [] and fake_api.requests == []
    assert ReviewSettings().advisory is True
