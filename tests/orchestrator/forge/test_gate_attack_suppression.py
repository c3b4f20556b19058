"""Only the gate's own earlier comments keep it from commenting again: a pull request's
author cannot silence its inline findings by posting their keys first."""

from __future__ import annotations

from tests.orchestrator.forge.attack_pulls import (
    SECRET_FILE,
    SECRET_LINE,
    event_file,
    gate,
    open_pull,
)


def test_someone_elses_comment_does_not_silence_the_gates_inline_finding(
    github_project, tmp_path, monkeypatch
):
    gp = github_project
    head = open_pull(gp, files=((SECRET_FILE, SECRET_LINE),))
    for rule in ("QA-SECRET", "RUFF-S105"):
        gp.fake._add_comment(
            46,
            {
                "body": f"lgtm\n<!-- stackcrew/qa {rule} {SECRET_FILE}:1 -->",
                "path": SECRET_FILE,
                "line": 1,
            },
            "octocat",
            head,
            None,
        )
    event_file(gp, tmp_path, monkeypatch)
    gate(gp)
    mine = [c for c in gp.fake.comments[46] if c["user"] == "stackcrew-bot"]
    assert mine, [c["body"] for c in gp.fake.comments[46]]
