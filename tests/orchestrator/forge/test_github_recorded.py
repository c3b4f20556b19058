"""Responses GitHub really sent (tests/fixtures/github/, recorded by octokit/fixtures):
the client's models read them, the fake sends every field they have, and a recorded
error reads as GitHub meant it."""

from __future__ import annotations

import json
import urllib.request

import pytest

from orchestrator.forge.errors import ForgeUnprocessable
from tests.fakes.github_models import check, models, recorded
from tests.orchestrator.forge.test_github_client import read_45

# Fields GitHub's description made required after these responses were recorded: the
# models (and GitHub today) have them; a server from before them does not send them.
ADDED_SINCE = {"repository": ["has_discussions: Field required"], "label": []}


@pytest.mark.parametrize(
    ("name", "model"),
    [("status", models.Status), ("issue", models.Issue), ("error-422", models.ValidationError),
     ("repository", models.FullRepository)],
)  # fmt: skip
def test_the_client_s_models_read_what_github_sent(name, model) -> None:
    assert check(model, recorded(name)) == ADDED_SINCE.get(name, [])


def get(github_project, path: str) -> dict:
    request = urllib.request.Request(
        f"{github_project.fake.url}/repos/acme/blog{path}",
        headers={"Authorization": f"Bearer {github_project.token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_the_fake_sends_every_field_github_sent(github_project) -> None:
    issue = get(github_project, "/issues/45")
    assert recorded("issue").keys() <= issue.keys()
    assert recorded("issue")["user"].keys() <= issue["user"].keys()
    assert recorded("repository").keys() <= get(github_project, "").keys()
    assert issue["number"] == 45 and issue["title"] == "Add Post resource with CRUD endpoints"


def test_a_recorded_validation_error_names_what_github_refused(client, github_project) -> None:
    github_project.fake.fail("GET", r"/issues/45$", 422, body=recorded("error-422"))
    with pytest.raises(ForgeUnprocessable, match=r"\(422 Validation Failed; Label color invalid\)"):
        read_45(client)
