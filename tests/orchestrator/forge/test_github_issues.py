"""GitHub issues through the real CLI: read into project.json as cached copies with their
source, refreshed by `issue pull`, filed and closed on GitHub, specs from the body."""

from __future__ import annotations

import json

from tests.orchestrator.cli.cli_runner import orchestrate


def cached(root, number: int) -> dict:
    shown = orchestrate("issue", "show", str(number), "--json", "--project", root)
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_run_reads_the_github_issue_into_the_tracker_with_its_source(github_project):
    root = github_project.root
    planned = orchestrate("run", "--issue", "45", "--dry-run", "--project", root)
    assert planned.exit_code == 0, planned.output
    assert "database" in planned.stdout and "fastapi/45-" in planned.stdout
    issue = cached(root, 45)
    assert issue["title"] == "Add Post resource with CRUD endpoints"
    assert issue["labels"] == ["database", "backend", "frontend"]
    assert issue["spec"]["resource"] == "post" and len(issue["spec"]["fields"]) == 4
    assert issue["source"]["repo"] == "acme/blog"
    assert issue["source"]["url"].endswith("/acme/blog/issues/45")
    shown = orchestrate("issue", "show", "45", "--project", root)
    assert "source: https://github.example/acme/blog/issues/45" in shown.stdout


def test_issue_pull_refreshes_the_cached_copies(github_project):
    root, fake = github_project.root, github_project.fake
    assert orchestrate("issue", "pull", "44", "45", "--project", root).exit_code == 0
    fake.issues[44].update(title="Add a /health endpoint", state="closed", assignees=["octocat"])
    pulled = orchestrate("issue", "pull", "--project", root)  # every cached issue
    assert pulled.exit_code == 0, pulled.output
    assert "Pulled issue #44 (closed): Add a /health endpoint" in pulled.stdout
    issue = cached(root, 44)
    assert (issue["status"], issue["source"]["assignees"]) == ("closed", ["octocat"])
    listed = json.loads(orchestrate("issue", "pull", "45", "--json", "--project", root).stdout)
    assert [i["number"] for i in listed] == [45]


def test_issue_new_files_on_github_with_the_spec_block_and_the_agent_label(
    github_project, tmp_path
):
    root, fake = github_project.root, github_project.fake
    spec = tmp_path / "spec.yaml"
    spec.write_text("kind: resource\nresource: tag\nfields:\n  - {name: label, type: str}\n")
    made = orchestrate(
        "issue", "new", "Add tags", "--body", "Tag posts", "--label", "backend",
        "--assignee", "fastapi", "--spec", spec, "--json", "--project", root,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    number = json.loads(made.stdout)["number"]
    sent = fake.calls("POST", r"/issues$")[-1].body
    assert sent["labels"] == ["backend", "agent:fastapi"]
    assert "```stackcrew\nkind: resource\nresource: tag\n" in sent["body"]
    issue = cached(root, number)
    assert (issue["assignee"], issue["labels"], issue["spec"]["resource"]) == (
        "fastapi",
        ["backend"],
        "tag",
    )


def test_issue_close_closes_it_on_github(github_project):
    closed = orchestrate("issue", "close", "44", "--project", github_project.root)
    assert closed.exit_code == 0, closed.output
    assert github_project.fake.issues[44]["state"] == "closed"
    assert cached(github_project.root, 44)["status"] == "closed"


def test_a_bad_spec_block_names_the_issue_and_the_body_line(github_project):
    body = "Tags.\n\n```stackcrew\nkind: resource\nresource: tag\nfields:\n  - {name: label, type: string}\n```\n"
    number = github_project.fake.add_issue("Add tags", body)
    done = orchestrate("run", "--issue", str(number), "--dry-run", "--project", github_project.root)
    assert done.exit_code == 2
    assert f"acme/blog#{number}: body line 7: stackcrew block: fields[0].type" in done.stderr
    unknown = body.replace("fields:", "colour: red\nfields:").replace("string", "str")
    github_project.fake.issues[number]["body"] = unknown
    done = orchestrate("issue", "pull", str(number), "--project", github_project.root)
    assert done.exit_code == 2 and "body line 6" in done.stderr and "colour" in done.stderr


def test_a_missing_issue_is_a_404_naming_the_repository(github_project):
    done = orchestrate("run", "--issue", "99", "--dry-run", "--project", github_project.root)
    assert done.exit_code == 2
    assert "read issue #99 in acme/blog" in done.stderr and "404" in done.stderr


def test_a_local_issue_is_never_overwritten_by_a_github_one(blog, monkeypatch):
    (blog / "stackcrew.yaml").write_text("tracker: github\nrepo: acme/blog\n")
    monkeypatch.setenv("GITHUB_TOKEN", "unused")
    from tests.fakes.github_api import FakeGitHub

    with FakeGitHub(remote=blog / ".git", tokens={"unused": "bot"}) as fake:
        fake.add_issue("Something else", number=45)
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        done = orchestrate("issue", "pull", "45", "--project", blog)
    assert done.exit_code == 1
    assert "issue #45 in project_state/project.json was filed locally" in done.stderr


def test_the_local_tracker_has_nothing_to_pull(blog):
    done = orchestrate("issue", "pull", "45", "--project", blog)
    assert done.exit_code == 1 and "the tracker is local" in done.stderr
