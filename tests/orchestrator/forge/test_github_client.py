"""The GitHub client against the loopback fake: answers parsed with githubkit's models,
and every documented failure turned into a wait, a retry or an error a person can act on."""

from __future__ import annotations

import pytest

from orchestrator.forge.errors import (
    ForgeAuthError,
    ForgeNotFound,
    ForgeUnavailable,
    ForgeUnprocessable,
)
from orchestrator.forge.github.client import SERVER_RETRIES, GitHubClient
from tests.fakes.github_models import build, check, models


def read_45(client: GitHubClient):
    return client.call("read issue #45", lambda: client.rest.issues.get("acme", "blog", 45))


def test_an_issue_is_parsed_into_githubkit_s_model(client, github_project):
    issue = read_45(client)
    assert (issue.number, issue.state) == (45, "open")
    assert [label.name for label in issue.labels] == ["database", "backend", "frontend"]
    seen = github_project.fake.requests[-1]
    assert (seen.method, seen.path, seen.login) == (
        "GET",
        "/repos/acme/blog/issues/45",
        "stackcrew-bot",
    )


def test_the_fake_refuses_what_githubkit_refuses():
    issue = build(models.Issue, number=45, title="t")
    assert check(models.Issue, issue) == []
    del issue["number"]
    assert check(models.Issue, issue) == ["number: Field required"]
    assert check(models.Status, build(models.Status, state=7))  # a number where a string goes


def test_401_names_the_token_s_source_and_never_its_value(client, github_project):
    github_project.fake.fail("GET", r"/issues/45$", 401)
    with pytest.raises(ForgeAuthError) as caught:
        read_45(client)
    assert "GITHUB_TOKEN" in caught.value.message and "401 Bad credentials" in caught.value.message
    assert github_project.token not in caught.value.message + (caught.value.hint or "")


def test_403_names_the_permission_github_says_is_missing(client, github_project):
    github_project.fake.fail(
        "GET", r"/issues/45$", 403, headers={"x-accepted-github-permissions": "issues=read"}
    )
    with pytest.raises(ForgeAuthError, match="needs the permission issues=read"):
        read_45(client)


def test_404_and_422_are_their_own_errors(client, github_project):
    with pytest.raises(ForgeNotFound, match="read issue #99 in acme/blog"):
        client.call("read issue #99", lambda: client.rest.issues.get("acme", "blog", 99))
    github_project.fake.fail("GET", r"/issues/45$", 422, message="Validation Failed")
    with pytest.raises(ForgeUnprocessable, match="422 Validation Failed"):
        read_45(client)


def test_server_errors_are_retried_with_backoff_then_succeed(client, github_project):
    github_project.fake.fail("GET", r"/issues/45$", 502, times=2)
    assert read_45(client).number == 45
    assert github_project.fake.served_faults == [502, 502]
    assert [n.split(";")[1].strip() for n in client.notices] == [
        f"retry 1 of {SERVER_RETRIES} in 0.5 s",
        f"retry 2 of {SERVER_RETRIES} in 1 s",
    ]


def test_server_errors_beyond_the_retries_stop_with_an_error(client, github_project):
    github_project.fake.fail("GET", r"/issues/45$", 503, times=SERVER_RETRIES + 1)
    with pytest.raises(ForgeUnavailable, match="GitHub answered 503"):
        read_45(client)
    assert len(github_project.fake.calls("GET", r"/issues/45$")) == SERVER_RETRIES + 1


@pytest.mark.parametrize("kind", ["primary", "secondary"])
def test_a_rate_limit_is_waited_out_with_a_message(client, github_project, kind):
    github_project.fake.rate_limit("GET", r"/issues/45$", kind=kind, seconds=1)
    assert read_45(client).number == 45
    assert len(client.notices) == 1 and f"GitHub {kind} rate limit: waiting" in client.notices[0]


def test_a_rate_limit_beyond_the_bound_is_not_waited_for(client, github_project):
    github_project.fake.rate_limit("GET", r"/issues/45$", seconds=3600)
    with pytest.raises(ForgeUnavailable, match="primary rate limit stopped read issue #45"):
        read_45(client)
    assert client.notices == []


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after": "soon"},
        {"retry-after": "1e12"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "99999999999999999999"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "tomorrow"},
    ],
)
def test_a_rate_limit_header_that_is_no_number_stops_with_an_error(client, github_project, headers):
    message = "You have exceeded a secondary rate limit. Please wait a few minutes."
    github_project.fake.fail("GET", r"/issues/45$", 403, headers=headers, message=message)
    with pytest.raises(
        ForgeUnavailable, match="GitHub's answer to read issue #45 could not be read"
    ):
        read_45(client)
    assert client.notices == []
