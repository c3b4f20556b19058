"""What the gate posts on a pull request: no secret it found is republished, and a file
name carrying Markdown or HTML stays text in the summary and the inline comments."""

from __future__ import annotations

import json

import pytest

from tests.orchestrator.forge.attack_pulls import event_file, gate, open_pull

AWS = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8sT3kLp0"


def _gate_on_path(gp, tmp_path, monkeypatch, path):
    open_pull(gp, files=((path, f'aws_secret_access_key = "{AWS}"\n'),))
    event_file(gp, tmp_path, monkeypatch)
    done = gate(gp)
    comments = [c["body"] for c in gp.fake.comments.get(46, [])]
    reviews = [r["body"] for r in gp.fake.reviews.get(46, [])]
    assert reviews, done.output
    assert AWS not in json.dumps([comments, reviews])
    return comments, reviews


def test_a_path_with_an_html_comment_end_escapes_the_inline_key(
    github_project, tmp_path, monkeypatch
):
    """gate.py builds `<!-- stackcrew/qa RULE {path}:{line} -->`: a file named `x-->[..](..)`
    closes the comment early and the rest of its name renders as Markdown (a link) in the
    bot's inline comment."""
    comments, _ = _gate_on_path(
        github_project, tmp_path, monkeypatch, "docs/x-->[click](https:evil.example)<!--.txt"
    )
    assert comments
    for body in comments:
        assert body.count("-->") == 1, body


def test_a_path_with_a_backtick_escapes_the_summarys_code_span(
    github_project, tmp_path, monkeypatch
):
    """The summary puts the path in `code`; a backtick in the file name ends the span, and
    the rest renders as Markdown (a link), and a `|` splits the table row."""
    _, reviews = _gate_on_path(
        github_project, tmp_path, monkeypatch, "docs/a`[click](https:evil.example)`|b.txt"
    )
    table_rows = [line for line in reviews[-1].splitlines() if "QA-SECRET" in line]
    assert all(row.replace("\\|", "").count("|") == 7 for row in table_rows), table_rows
    # the path sits whole in a code span whose fence is longer than its own backticks
    assert all(
        "| ``docs/a`[click](https:evil.example)`\\|b.txt:1`` |" in row for row in table_rows
    ), table_rows


SECRETS = {
    "github_pat": 'GH = "ghp_' + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" + '"\n',
    "slack": 'SLACK = "xoxb-' + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx" + '"\n',
    "stripe": 'STRIPE = "sk_live_' + "4eC39HqLyjWDarjtT1zdp7dc" + '"\n',
    "private_key": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n",
    "password_in_url": 'DB = "postgres://admin:Sup3rS3cretPassw0rd@db.example/app"\n',
}


@pytest.mark.parametrize("kind", sorted(SECRETS))
def test_a_secret_found_in_the_diff_is_not_republished(github_project, tmp_path, monkeypatch, kind):
    gp = github_project
    line = SECRETS[kind]
    open_pull(gp, files=(("backend/app/conf.py", line),))
    event_file(gp, tmp_path, monkeypatch)
    done = gate(gp)
    posted = json.dumps([gp.fake.comments, gp.fake.reviews, gp.fake.statuses])
    secret = {
        "github_pat": "a1B2c3D4e5F6g7H8i9J0",
        "slack": "AbCdEfGhIjKlMnOpQrSt",
        "stripe": "4eC39HqLyjWDarjtT1zdp7dc",
        "private_key": "MIIEowIBAAKCAQEAu1SU1",
        "password_in_url": "Sup3rS3cretPassw0rd",
    }[kind]
    assert secret not in posted
    assert secret not in done.output
