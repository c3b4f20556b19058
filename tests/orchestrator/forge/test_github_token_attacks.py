"""The token never leaks: not into output or files, whether it has a line break inside,
sits in GITHUB_API_URL, or comes back quoted in GitHub's errors."""

from __future__ import annotations

import pytest

from tests.orchestrator.forge.attack_pulls import everything_under, merge, open_pull, status

PLAIN = "Zq7vplainTokenNotGhpShaped0042"


@pytest.fixture
def plain(github_project, monkeypatch):
    github_project.fake.tokens[PLAIN] = "stackcrew-bot"
    monkeypatch.setenv("GITHUB_TOKEN", PLAIN)
    return github_project


@pytest.mark.parametrize("code", [401, 403, 404, 422, 500])
def test_github_echoing_the_authorization_header(plain, tmp_path, code):
    gp = plain
    head = open_pull(gp)
    status(gp, head)
    body = {
        "message": f"Bad header Authorization: token {PLAIN}",
        "errors": [
            {"resource": "Token", "field": PLAIN, "code": "invalid"},
            f"token {PLAIN[:10]} {PLAIN[10:]}",
        ],
    }
    gp.fake.fail("GET", r"/pulls/46$", code, body=body, times=10)
    done = merge(gp)
    assert PLAIN not in done.output
    assert PLAIN not in everything_under(tmp_path)


def test_api_url_with_the_token_as_userinfo(plain, tmp_path, monkeypatch):
    """GITHUB_API_URL=https://x-access-token:TOKEN@host/api/v3 (a proxy, an old GHES
    recipe): api_url is printed raw in every error and hint."""
    gp = plain
    url = gp.fake.url.replace("http://", f"http://x-access-token:{PLAIN}@")
    monkeypatch.setenv("GITHUB_API_URL", url)
    open_pull(gp)
    done = merge(gp)  # no status: a refusal, or any GitHub error
    gp.fake.fail("GET", r"/pulls/46$", 404, times=10)
    done2 = merge(gp)
    assert PLAIN not in done.output + done2.output


@pytest.mark.parametrize("token", [f"{PLAIN}\nsecondline", f"{PLAIN}\r\nX-Evil: 1", f"{PLAIN} x"])
def test_a_token_with_a_line_break_inside(plain, tmp_path, monkeypatch, token):
    """`export GITHUB_TOKEN=$(cat file)` on a file with two lines: httpx refuses the header,
    and its message shows the value repr-escaped, which `scrub` (an exact match) misses."""
    gp = plain
    monkeypatch.setenv("GITHUB_TOKEN", token)
    open_pull(gp)
    done = merge(gp)
    assert PLAIN not in done.output
    assert PLAIN not in everything_under(tmp_path)


def test_gate_and_merge_write_no_token_anywhere(plain, tmp_path, monkeypatch):
    from tests.orchestrator.forge.attack_pulls import event_file, gate

    gp = plain
    open_pull(gp, files=(("docs/notes.md", "Notes.\n"),))
    event_file(gp, tmp_path, monkeypatch)
    outputs = [gate(gp).output, merge(gp).output]
    gp.fake.fail("POST", r"/statuses/", 401, times=10, message=f"bad token {PLAIN}")
    outputs.append(gate(gp).output)
    assert PLAIN not in "".join(outputs)
    assert PLAIN not in everything_under(tmp_path)
    posted = str([gp.fake.reviews, gp.fake.comments, gp.fake.statuses, gp.fake.issues])
    assert PLAIN not in posted


def test_a_push_to_a_remote_url_with_credentials(plain, tmp_path):
    """origin = http://user:TOKEN@host/…: a failing push's message must not show it."""
    from orchestrator.forge.errors import ForgeError
    from orchestrator.forge.push import push_branch

    gp = plain
    gp.git(
        "remote", "set-url", "origin", f"http://x-access-token:{PLAIN}@127.0.0.1:9/acme/blog.git"
    )
    gp.git("switch", "-q", "-c", "fastapi/45-x")
    try:
        push_branch(gp.root, "fastapi/45-x")
    except ForgeError as exc:
        assert PLAIN not in exc.message + str(exc.hint)
