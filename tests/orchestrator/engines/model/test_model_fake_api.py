"""The real anthropic SDK against the loopback fake Messages API, end to end.

Nothing here reaches the internet: the SDK's base URL is the fake server on 127.0.0.1.
"""

from __future__ import annotations

import json

import anthropic
import git
import pytest
from model_engine_helpers import make_job, workspace

from orchestrator.engines.model import ModelEngine
from orchestrator.engines.model.scripted import text, tool_use
from orchestrator.pipeline import execute, resume
from orchestrator.planning import plan_execute
from orchestrator.project import open_project
from tests.fakes.messages_api import FakeMessagesAPI

ROUTER = "backend/app/routers/posts.py"
MODEL = "backend/app/models/post.py"


def engine_for(project, retries=3, timeout=5.0):
    return ModelEngine.for_project(project, max_retries=retries, timeout=timeout)


def last_results(body):
    return body["messages"][-1]["content"]


def expect_refusal_then_delegate(body):
    (refused,) = last_results(body)
    assert refused["is_error"] and "belongs to agent 'database'" in refused["content"]
    return tool_use("request_change", {"agent": "database", "description": "Add the Post model"})


def test_issue_45_end_to_end(project, fake_api):
    fake_api.add(
        tool_use("write_file", {"path": ROUTER, "content": "router = None\n"}),
        "429",  # retried by the SDK after retry-after
        tool_use("write_file", {"path": MODEL, "content": "class Post: ...\n"}),
        expect_refusal_then_delegate,
        "529",
        tool_use("finish", {"summary": "posts router"}),
        # the delegated sub-task, run next by the pipeline for the database agent
        tool_use("write_file", {"path": MODEL, "content": "class Post: ...\n"}),
        "drop",
        tool_use("finish", {"summary": "Post model"}),
    )
    result = execute(project, plan_execute(project, 45, agent="fastapi"), engine_for(project))
    assert result.blocked is None, result.to_json()
    assert fake_api.errors == [] and fake_api.faults_served == ["429", "529", "drop"]
    assert [s.step.agent for s in result.steps] == ["fastapi", "database"]
    subjects = [
        c.message.splitlines()[0] for c in git.Repo(project.root).iter_commits("HEAD", max_count=2)
    ]
    assert all(s.endswith("#45") for s in subjects)
    assert (project.root / MODEL).exists() and (project.root / ROUTER).exists()
    usage = [e for e in project.state.events().events if e.event == "usage"]
    assert {e.agent for e in usage} == {"fastapi", "database"}
    assert all(e.data["model"] == project.config.model and e.data["cost_usd"] > 0 for e in usage)
    assert sum(e.data["cache_read_tokens"] for e in usage) > 0
    assert all("temperature" not in body for body in fake_api.requests)


def test_a_fault_mid_run_blocks_the_task_and_resume_continues(project, fake_api):
    fake_api.add(tool_use("write_file", {"path": ROUTER, "content": "x = 1\n"}), "500", "500")
    engine = engine_for(project, retries=1)
    result = execute(project, plan_execute(project, 45, agent="fastapi"), engine)
    blocked = result.blocked
    assert blocked is not None and "server error 500" in blocked.outcome.reason
    assert project.state.task("TASK-045").status == "BLOCKED"
    assert fake_api.errors == []

    fake_api.add(tool_use("finish", {"summary": "done after resume"}))
    again = resume(project, result.run_id, engine)
    assert again.blocked is None, again.to_json()
    body = fake_api.requests[-1]
    assert body["messages"][1]["content"][0]["name"] == "write_file"  # the saved turn
    assert fake_api.errors == []


def test_authentication_failure_blocks_with_a_reason(project, fake_api):
    fake_api.add("401")
    job = make_job(project, "fastapi", "DIRECT", "do it")
    outcome = engine_for(project).perform(job, workspace(project, "fastapi"))
    assert outcome.status == "blocked" and "ANTHROPIC_API_KEY" in outcome.reason


def test_malformed_tool_input_goes_back_as_an_error(project, fake_api):
    fake_api.add(tool_use("write_file", {"path": 5}), tool_use("finish", {"summary": "s"}))
    job = make_job(project, "fastapi", "DIRECT", "do it")
    outcome = engine_for(project).perform(job, workspace(project, "fastapi"))
    (result,) = last_results(fake_api.requests[1])
    assert result["is_error"] and "invalid input for write_file" in result["content"]
    assert outcome.status == "done" and fake_api.errors == []


def test_the_fake_rejects_what_the_api_would():
    with FakeMessagesAPI([text("never")]) as api:
        client = anthropic.Anthropic(base_url=api.url, api_key="test", max_retries=0)
        with pytest.raises(anthropic.BadRequestError):
            client.messages.create(
                model="m", max_tokens=10, extra_body={"temperature": 0.2},
                messages=[{"role": "user", "content": "hi"}],
            )  # fmt: skip
        with pytest.raises(anthropic.BadRequestError):
            client.messages.create(model="m", max_tokens=10, messages=[
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": [
                    {"type": "tool_use", "id": "toolu_1", "name": "x", "input": {}}]},
                {"role": "user", "content": "forgot the result"},
            ])  # fmt: skip
        marked = {"type": "text", "text": "t", "cache_control": {"type": "ephemeral"}}
        with pytest.raises(anthropic.BadRequestError):
            client.messages.create(
                model="m", max_tokens=10, system=[marked] * 3,
                messages=[{"role": "user", "content": [marked, marked]}],
            )  # fmt: skip
    assert any("temperature" in e for e in api.errors)
    assert any("tool_result" in e for e in api.errors)
    assert any("at most 4" in e for e in api.errors)


def test_cache_accounting_by_prefix():
    api = FakeMessagesAPI()  # not started: account() is pure bookkeeping
    api.__exit__()
    tools = [{"name": "t", "input_schema": {}, "cache_control": {"type": "ephemeral"}}]
    first = {"model": "m", "tools": tools, "messages": [
        {"role": "user", "content": [{"type": "text", "text": "a" * 400,
                                      "cache_control": {"type": "ephemeral"}}]}]}  # fmt: skip
    written = api.account(first)
    assert written["cache_read_input_tokens"] == 0 and written["cache_creation_input_tokens"] > 100
    again = api.account(first)
    assert again["cache_creation_input_tokens"] == 0
    assert again["cache_read_input_tokens"] == written["cache_creation_input_tokens"]


def test_a_timeout_is_retried_by_the_sdk(project, fake_api):
    fake_api.stall_seconds = 4.0
    fake_api.add("stall", tool_use("finish", {"summary": "after a timeout"}))
    job = make_job(project, "fastapi", "DIRECT", "do it")
    outcome = engine_for(project, retries=2, timeout=1.5).perform(
        job, workspace(project, "fastapi")
    )
    assert outcome.status == "done" and fake_api.faults_served == ["stall"]


def test_timeouts_after_retries_block(project, fake_api):
    fake_api.stall_seconds = 0.6
    fake_api.add("stall", "stall")
    job = make_job(project, "fastapi", "DIRECT", "do it")
    outcome = engine_for(project, retries=1, timeout=0.2).perform(
        job, workspace(project, "fastapi")
    )
    assert outcome.status == "blocked" and "timed out" in outcome.reason


def test_the_cli_runs_issue_45_through_the_fake_api(blog, fake_api):
    from typer.testing import CliRunner

    from orchestrator.cli.apps import orchestrate_app

    fake_api.add(
        tool_use("write_file", {"path": ROUTER, "content": "router = None\n"}),
        "429",
        tool_use("finish", {"summary": "posts router"}),
    )
    cli = CliRunner()
    out = cli.invoke(orchestrate_app, ["run", "--issue", "45", "--agent", "fastapi", "--json",
                                       "--no-review", "-C", str(blog)])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert fake_api.errors == [] and (blog / ROUTER).exists()
    subject = git.Repo(blog).head.commit.message.splitlines()[0]
    assert subject.endswith("#45")
    cost = cli.invoke(orchestrate_app, ["cost", "--json", "--issue", "45", "-C", str(blog)])
    (row,) = json.loads(cost.output)["rows"]
    assert row["agent"] == "fastapi" and row["requests"] == 2 and row["cost_usd"] > 0


def test_a_truncated_response_is_retried_and_the_run_completes(project, fake_api):
    fake_api.add("truncate", tool_use("finish", {"summary": "after a cut-off reply"}))
    job = make_job(project, "fastapi", "DIRECT", "do it")
    outcome = engine_for(project).perform(job, workspace(project, "fastapi"))
    assert outcome.status == "done" and outcome.summary == "after a cut-off reply"
    assert fake_api.faults_served == ["truncate"] and len(fake_api.requests) == 2


def test_the_cli_resumes_a_run_an_api_error_stopped(blog, fake_api):
    from typer.testing import CliRunner

    from orchestrator.cli.apps import orchestrate_app

    fake_api.add(tool_use("write_file", {"path": ROUTER, "content": "router = None\n"}), "401")
    cli = CliRunner()
    first = cli.invoke(orchestrate_app, ["run", "--issue", "45", "--agent", "fastapi", "--json",
                                         "--no-review", "-C", str(blog)])  # fmt: skip
    assert first.exit_code == 1
    stopped = json.loads(first.stdout)
    assert stopped["blocked"] and "ANTHROPIC_API_KEY" in stopped["steps"][0]["reason"]
    assert (blog / ROUTER).exists()  # the work done before the error is kept

    fake_api.add(tool_use("finish", {"summary": "posts router"}))
    again = cli.invoke(orchestrate_app, ["resume", stopped["run_id"], "--json", "--no-review",
                                         "-C", str(blog)])  # fmt: skip
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["run_id"] == stopped["run_id"]
    assert open_project(blog).state.task("TASK-045").status == "IN_REVIEW"
    assert git.Repo(blog).head.commit.message.splitlines()[0].endswith("#45")
