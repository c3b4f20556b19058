"""Event files of odd shapes (nested too deep, a list, null, NaN, a BOM) are refused with
an error naming the file, never a traceback."""

from __future__ import annotations

import pytest

from tests.orchestrator.forge.attack_pulls import gate, merge, open_pull, status


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100000 + "]" * 100000,  # deep nesting: json raises RecursionError
        '{"pull_request": ' + "[" * 5000 + "]" * 5000 + "}",
        "[]",
        "null",
        '{"pull_request": {"number": 1e400}}',
        "\ufeff{}",
        "NaN",
    ],
    ids=["deep", "deep-inner", "list", "null", "inf", "bom", "nan"],
)
def test_an_odd_event_file_is_refused_by_name(github_project, tmp_path, monkeypatch, text):
    gp = github_project
    path = tmp_path / "event.json"
    path.write_text(text)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
    done = gate(gp)
    assert done.exit_code == 2, (done.exit_code, repr(done.exception))
    assert str(path) in done.stderr
    assert gp.fake.requests == []


def test_head_moved_after_approval_is_not_merged(github_project):
    """Expected to pass: merge reads the statuses of the pull request's current head."""
    gp = github_project
    old = open_pull(gp)
    status(gp, old)
    from tests.orchestrator.forge.attack_pulls import commit

    commit(gp.root, "backend/app/more.py", "X = 2\n", "feat: more #45")
    gp.git("push", "-q", "origin", "fastapi/45-posts")
    done = merge(gp)
    assert done.exit_code == 1 and not gp.fake.pulls[46]["merged"], done.output
