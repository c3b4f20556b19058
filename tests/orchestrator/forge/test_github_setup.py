"""`orchestrate init --github`: workflows that GitHub's schema accepts and that run real
stackcrew commands, an issue form whose spec field stackcrew reads back, and CODEOWNERS."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest
import yaml

from orchestrator.forge.spec_block import spec_from_body
from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.cli.cli_surface import commands, resolve

QA = ".github/workflows/stackcrew-qa.yml"
RUN = ".github/workflows/stackcrew-run.yml"
FORM = ".github/ISSUE_TEMPLATE/stackcrew.yml"
GATE = 'orchestrate review --post --format github --tests-from "$RUNNER_TEMP/stackcrew/stackcrew-tests.json"'


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    done = orchestrate("init", "--github", root)
    assert done.exit_code == 0, done.output
    assert f"GitHub files: {QA}, {RUN}, {FORM}, .github/CODEOWNERS" in done.stdout
    return root


def load(root, rel: str) -> dict:
    return yaml.safe_load((root / rel).read_text())


@pytest.mark.parametrize(("rel", "schema"), [(QA, "github-workflows"), (RUN, "github-workflows"),
                                             (FORM, "github-issue-forms")])  # fmt: skip
def test_github_s_schema_accepts_each_file(repo, rel, schema):
    checked = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", f"vendor.{schema}", str(repo / rel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def steps_running(workflow: dict) -> dict[str, dict]:
    """Each job's steps by the command they run."""
    return {s["run"]: s for job in workflow["jobs"].values() for s in job["steps"] if "run" in s}


def test_the_gate_runs_on_pull_requests_and_may_post_its_verdict(repo):
    qa = load(repo, QA)
    assert set(qa[True]["pull_request"]["types"]) >= {"opened", "synchronize", "reopened"}
    assert qa["permissions"] == {"contents": "read"}
    gate = qa["jobs"]["gate"]
    assert gate["permissions"] == {
        "contents": "read",
        "pull-requests": "write",
        "statuses": "write",
    }
    for job in qa["jobs"].values():
        [checkout] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        assert checkout["with"]["fetch-depth"] == 0  # the gate reads base..head
        assert checkout["with"]["persist-credentials"] is False
    step = steps_running(qa)[GATE]
    assert step["env"] == {"GITHUB_TOKEN": "${{ secrets.GITHUB_TOKEN }}"}


def test_the_change_s_tests_run_where_no_token_can_set_the_status(repo):
    """A test can read the token of any process of its job's step (/proc/<pid>/environ):
    the tests run in a job with a read-only token and no secret, the gate in another."""
    qa = load(repo, QA)
    tests = qa["jobs"]["tests"]
    assert tests["permissions"] == {"contents": "read"}
    assert "secrets." not in yaml.safe_dump(tests)
    runs = [step["run"] for step in tests["steps"] if "run" in step]
    assert 'orchestrate review --tests-to "$RUNNER_TEMP/stackcrew-tests.json"' in runs
    gate = qa["jobs"]["gate"]
    assert gate["needs"] == "tests"
    assert gate["if"] == "${{ !cancelled() }}"  # a failed tests job still gets a verdict
    uploaded = [
        s for s in tests["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")
    ]
    downloaded = [
        s for s in gate["steps"] if s.get("uses", "").startswith("actions/download-artifact@")
    ]
    assert uploaded[0]["with"]["name"] == downloaded[0]["with"]["name"] == "stackcrew-tests"
    # `python -m pip` imports from its folder first: in the checkout, a `pip/` of the pull
    # request's would run in the gate's job, so stackcrew is installed before it
    steps = [s.get("uses", "").split("@")[0] or s["run"] for s in gate["steps"]]
    assert steps.index('python -m pip install "$STACKCREW"') < steps.index("actions/checkout")
    gate_runs = [step["run"] for step in gate["steps"] if "run" in step]
    assert gate_runs == [
        'python -m pip install "$STACKCREW"',  # nothing of the pull request is installed
        GATE,
    ]
    assert uploaded[0]["with"]["path"] == "${{ runner.temp }}/stackcrew-tests.json"
    # the artifact, made where the pull request's code ran, is unpacked outside the checkout
    assert downloaded[0]["with"]["path"] == "${{ runner.temp }}/stackcrew"


def test_a_label_runs_the_issue_without_event_text_in_the_shell(repo):
    run = load(repo, RUN)
    assert run[True] == {"issues": {"types": ["labeled"]}}
    [job] = run["jobs"].values()
    assert job["if"] == "github.event.label.name == 'stackcrew'"
    step = steps_running(run)['orchestrate run --issue "$ISSUE"']
    assert step["env"]["ISSUE"] == "${{ github.event.issue.number }}"
    assert {"contents", "issues", "pull-requests", "statuses"} <= set(run["permissions"])
    for command in [*steps_running(run), *steps_running(load(repo, QA))]:
        assert "${{" not in command  # event text reaches the shell only through env


def test_every_stackcrew_command_the_workflows_run_exists(repo):
    surface = commands()
    for rel in (QA, RUN):
        for command in steps_running(load(repo, rel)):
            words = shlex.split(command)
            if words[0] != "orchestrate":
                continue
            path = resolve(words, surface)
            assert path is not None, command
            options = {w for w in words if w.startswith("--")}
            assert options <= surface[path].options, command


def test_the_issue_form_s_spec_field_is_read_back_as_github_writes_it(repo):
    form = load(repo, FORM)
    fields = {item["id"]: item for item in form["body"]}
    spec_field = fields["spec"]["attributes"]
    assert spec_field["render"] == "yaml"
    # GitHub writes each field as `### <label>` and its value; `render` fences the value.
    body = (f"### {fields['description']['attributes']['label']}\n\nPosts.\n\n"
            f"### {spec_field['label']}\n\n```yaml\n{spec_field['placeholder']}```\n")  # fmt: skip
    spec = spec_from_body(body, "acme/blog#7")
    assert spec is not None and spec.resource == "post"
    assert [f.name for f in spec.fields] == ["title", "published"]


def test_codeowners_is_the_ownership_map_and_nothing_is_overwritten(repo):
    codeowners = orchestrate("owners", "--codeowners", "--project", repo).stdout
    assert (repo / ".github/CODEOWNERS").read_text() == codeowners
    assert "tracker: github" in (repo / "stackcrew.yaml").read_text()
    (repo / QA).write_text("# mine\n")
    again = orchestrate("init", "--github", repo)
    assert "GitHub files: all there already" in again.stdout
    assert (repo / QA).read_text() == "# mine\n"


def test_an_example_can_get_the_github_files_too(tmp_path):
    done = orchestrate("init", "--example", "blog", "--github", tmp_path / "blog")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "blog" / QA).exists()
    assert "set `tracker: github`" in done.stdout
