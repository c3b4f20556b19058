"""A pull request cannot loosen the gate that reviews it: waivers and rule switches it adds
to stackcrew.yaml do not apply to its own review, which reads the base's config."""

from __future__ import annotations

from tests.orchestrator.forge.attack_pulls import (
    SECRET_FILE,
    SECRET_LINE,
    event_file,
    gate,
    merge,
    open_pull,
)


def test_a_pull_request_cannot_waive_its_own_findings(github_project, tmp_path, monkeypatch):
    gp = github_project
    config = (gp.root / "stackcrew.yaml").read_text() + (
        'review:\n  waivers:\n    - rule: QA-SECRET\n      path: "backend/app/*"\n'
        "      reason: fake keys for the fixtures\n"
        '  rules:\n    "RUFF-S*": {enabled: false}\n    QA-TESTS-MISSING: {enabled: false}\n'
    )
    head = open_pull(gp, files=(("stackcrew.yaml", config), (SECRET_FILE, SECRET_LINE)))
    event_file(gp, tmp_path, monkeypatch)  # the workflow's checkout is the PR's head
    done = gate(gp)
    states = [s["state"] for s in gp.fake.statuses.get(head, [])]
    merged = merge(gp)
    assert done.exit_code == 3, done.output  # BLOCK: the base's rules, no waiver
    assert merged.exit_code != 0, merged.output
    assert "success" not in states, (states, done.output)
    assert not gp.fake.pulls[46]["merged"]
