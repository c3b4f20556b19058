"""`orchestrate review --post` fed a hostile GITHUB_EVENT_PATH: a base or head that is not
the pull request's on GitHub, another repository, a number of the wrong type — refused,
with no success status posted."""

from __future__ import annotations

import pytest

from tests.orchestrator.forge.attack_pulls import (
    SECRET_FILE,
    SECRET_LINE,
    commit,
    event_file,
    gate,
    open_pull,
)


def _pull_with_secret_then_harmless(gp):
    """PR 46: a commit adding a secret, then a harmless commit on top."""
    open_pull(gp, files=((SECRET_FILE, SECRET_LINE),))
    head = commit(gp.root, "docs/notes.md", "Notes.\n", "docs: notes #45")
    gp.git("push", "-q", "origin", "fastapi/45-posts")
    return head


@pytest.mark.parametrize("which", ["head", "head^"])
def test_an_event_base_that_is_not_the_pulls_base_earns_no_success(
    github_project, tmp_path, monkeypatch, which
):
    """The event's base.sha is trusted as is: set it to the head (empty diff) or to the
    head's parent (the secret commit is left out) and the gate APPROVEs and posts
    stackcrew/qa=success on the PR's real head, which adds an AWS secret."""
    gp = github_project
    head = _pull_with_secret_then_harmless(gp)
    base = gp.git("rev-parse", which.upper())

    def edit(e):
        e["pull_request"]["base"]["sha"] = base

    event_file(gp, tmp_path, monkeypatch, edit=edit)
    done = gate(gp)
    states = [s["state"] for s in gp.fake.statuses.get(head, [])]
    assert "success" not in states, (states, done.output)


def test_the_event_repository_overrides_the_configured_repo(github_project, tmp_path, monkeypatch):
    """stackcrew.yaml says acme/blog; an event naming evil/other makes --post send the
    token's writes (statuses, reviews) to evil/other instead, without a word."""
    gp = github_project
    open_pull(gp)

    def edit(e):
        e["repository"]["full_name"] = "evil/other"

    event_file(gp, tmp_path, monkeypatch, edit=edit)
    done = gate(gp)
    assert done.exit_code == 2 and "stackcrew.yaml says repo: acme/blog" in done.stderr
    paths = {r.path for r in gp.fake.requests}
    assert not any(p.startswith("/repos/evil/other") for p in paths), paths


@pytest.mark.parametrize("value", ["46", 46.0, True])
def test_a_number_of_the_wrong_type_is_refused(github_project, tmp_path, monkeypatch, value):
    """pydantic's lax mode turns "46", 46.0 (and True → 1) into a number."""
    gp = github_project
    open_pull(gp)

    def edit(e):
        e["pull_request"]["number"] = value

    event_file(gp, tmp_path, monkeypatch, edit=edit)
    done = gate(gp)
    assert done.exit_code == 2 and "pull_request.number" in done.stderr, done.output


def test_a_huge_number_posts_no_success_status(github_project, tmp_path, monkeypatch):
    """The status is posted before anything checks the number names a pull request."""
    gp = github_project
    head = open_pull(gp, files=(("docs/notes.md", "Notes.\n"),))

    def edit(e):
        e["pull_request"]["number"] = 10**30

    event_file(gp, tmp_path, monkeypatch, edit=edit)
    done = gate(gp)
    assert done.exit_code != 0
    assert "success" not in [s["state"] for s in gp.fake.statuses.get(head, [])], done.output


def test_another_pulls_number_with_this_head(github_project, tmp_path, monkeypatch):
    """The event's number and head are not checked against each other on GitHub: the
    review of head X lands on PR #47 (whose head is something else)."""
    gp = github_project
    open_pull(gp)
    gp.git("switch", "-q", "main")
    open_pull(gp, branch="fastapi/44-health", number=47, files=((SECRET_FILE, SECRET_LINE),))

    def edit(e):
        e["pull_request"]["number"] = 47

    event_file(gp, tmp_path, monkeypatch, number=46, edit=edit)
    done = gate(gp)
    assert done.exit_code == 2 and "is not the head" in done.stderr, done.output
    assert not gp.fake.reviews.get(47), gp.fake.reviews


@pytest.mark.parametrize(
    "ref",
    [
        "fastapi/45-x\x1b[31mRED\x1b[0m",
        "fastapi/45-$(touch /tmp/pwn)",
        "fastapi/45-[x](https://evil.example)",
        "a" * 255,
    ],
)
def test_branch_names_with_control_or_markup(github_project, tmp_path, monkeypatch, ref):
    """head.ref is free text in the event (git forbids control characters in ref names)."""
    gp = github_project
    open_pull(gp)

    def edit(e):
        e["pull_request"]["head"]["ref"] = ref

    event_file(gp, tmp_path, monkeypatch, edit=edit)
    done = gate(gp)
    assert "\x1b" not in done.output
    bodies = str(gp.fake.reviews) + str(gp.fake.comments) + str(gp.fake.statuses)
    assert "\x1b" not in bodies and "evil.example" not in bodies
