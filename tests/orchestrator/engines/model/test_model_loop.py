"""The agent loop with `ScriptedModel`: tools, modes, stop reasons, limits, resume."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from model_engine_helpers import make_job, scripted_engine, workspace

from orchestrator.config import Limits
from orchestrator.engines.model import ModelEngine, ScriptedModel
from orchestrator.engines.model.errors import ModelUnavailable
from orchestrator.engines.model.model import Reply
from orchestrator.engines.model.scripted import text, tool_use
from orchestrator.engines.model.transcript import run_usage
from project_state.errors import StackcrewError

ROUTER = "backend/app/routers/posts.py"


def results_of(request: dict) -> list[dict]:
    return request["messages"][-1]["content"]


def run(project, script, *, agent="fastapi", mode="DIRECT", run_id="run-t", **limits):
    model = ScriptedModel(script, name="claude-haiku-4-5")
    engine = scripted_engine(project, model, **limits)
    job = make_job(project, agent, mode, "do the work", run_id)
    return engine.perform(job, workspace(project, agent, mode)), model


def test_writes_inside_ownership_and_finishes(project):
    outcome, model = run(project, [
        tool_use("write_file", {"path": ROUTER, "content": "x = 1\n"}),
        tool_use("edit_file", {"path": ROUTER, "old": "x = 1", "new": "x = 2"}),
        tool_use("finish", {"summary": "router added"}),
    ])  # fmt: skip
    assert outcome.status == "done" and outcome.summary == "router added"
    assert (project.root / ROUTER).read_text() == "x = 2\n"
    assert "temperature" not in json.dumps(model.requests)


def test_parallel_calls_return_in_one_user_message_in_order(project):
    calls = tool_use(
        "read_file", {"path": "backend/app/main.py", "start": 1, "end": 2},
        ("list_files", {"pattern": "backend/app/routers/*.py"}),
        ("search_code", {"regex": "APIRouter", "glob": "backend/**/*.py"}),
    )  # fmt: skip
    _outcome, model = run(project, [calls, tool_use("finish", {"summary": "s"})])
    results = results_of(model.requests[1])
    assert [r["tool_use_id"] for r in results] == [c["id"] for c in calls.content]
    assert results[0]["content"].startswith("1\t") and "users.py" in results[1]["content"]
    assert "APIRouter" in results[2]["content"]
    assert not any(r.get("is_error") for r in results)


def test_unknown_tool_and_invalid_input_are_errors_the_model_can_fix(project):
    outcome, model = run(project, [
        tool_use("delete_everything", {}, ("write_file", {"path": ROUTER})),
        tool_use("edit_file", {"path": "backend/app/main.py", "old": "zzz-none", "new": "y"}),
        tool_use("finish", {"summary": "gave up"}),
    ])  # fmt: skip
    unknown, invalid = results_of(model.requests[1])
    assert unknown["is_error"] and "unknown tool 'delete_everything'" in unknown["content"]
    assert invalid["is_error"] and "content: Field required" in invalid["content"]
    (missing,) = results_of(model.requests[2])
    assert missing["is_error"] and "must match exactly once" in missing["content"]
    assert outcome.status == "done"


def test_refused_write_names_owner_and_request_change_delegates(project):
    outcome, model = run(project, [
        tool_use("write_file", {"path": "backend/app/models/post.py", "content": "x"}),
        tool_use("request_change", {"agent": "database", "description": "add Post model"}),
        tool_use("finish", {"summary": "asked database"}),
    ], mode="EXECUTE")  # fmt: skip
    (refused,) = results_of(model.requests[1])
    assert refused["is_error"] and "'database'" in refused["content"]
    assert "request_change" in refused["content"]
    assert not (project.root / "backend/app/models/post.py").exists()
    assert outcome.delegations == [("database", "add Post model")]


def test_consult_is_read_only(project):
    outcome, model = run(project, [
        tool_use("write_file", {"path": ROUTER, "content": "x"}),
        text("There are users routes."),
    ], mode="CONSULT")  # fmt: skip
    names = {t["name"] for t in model.requests[0]["tools"]}
    assert names == {"read_file", "list_files", "search_code", "query_index", "ask_agent"}
    assert results_of(model.requests[1])[0]["is_error"]
    assert outcome.status == "answered" and outcome.summary == "There are users routes."


def test_consult_reads_the_index_through_query_index(project):
    outcome, model = run(project, [
        tool_use(
            "query_index", {"section": "routes", "about": "user"},
            ("query_index", {"section": "routes", "about": "GET /api/v1/users/{user_id}"}),
            ("query_index", {"section": "migrations"}),
            ("query_index", {"section": "tables"}),
        ),
        text("Users have list, read, create and delete endpoints."),
    ], mode="CONSULT")  # fmt: skip
    users, one, migrations, wrong = results_of(model.requests[1])
    listed = json.loads(users["content"])
    assert listed["count"] == len(listed["items"]) > 1
    assert all("/users" in r["path"] for r in listed["items"])
    assert [(r["method"], r["path"]) for r in json.loads(one["content"])["items"]] == [
        ("GET", "/api/v1/users/{user_id}")
    ]
    assert json.loads(migrations["content"])["heads"]
    assert wrong["is_error"] and "section" in wrong["content"]
    assert outcome.status == "answered"


def test_ask_agent_runs_a_nested_consult_with_the_other_agents_prompt(project):
    _outcome, model = run(project, [
        tool_use("ask_agent", {"agent": "database", "question": "columns of users?"}),
        text("id, email"),  # the database agent's answer (nested loop)
        tool_use("finish", {"summary": "asked"}),
    ])  # fmt: skip
    nested = model.requests[1]
    assert "database" in nested["system"][0]["text"].lower()
    assert {t["name"] for t in nested["tools"]} == {
        "read_file", "list_files", "search_code", "query_index", "ask_agent"
    }  # fmt: skip
    assert results_of(model.requests[2])[0]["content"] == "id, email"


def test_stop_reasons(project):
    script = [
        text("partial", stop_reason="max_tokens"),
        Reply([{"type": "text", "text": "thinking"}], "pause_turn"),
        Reply([{"type": "text", "text": "still thinking"}], "pause_turn"),
        text("I think I'm done"),  # end_turn without finish: one nudge
        tool_use("finish", {"summary": "ok"}),
    ]
    outcome, model = run(project, script)
    assert "cut off" in model.requests[1]["messages"][-1]["content"][0]["text"]
    assert model.requests[2]["messages"][-1]["role"] == "assistant"  # paused turn sent back
    paused = model.requests[3]["messages"][-1]  # a second pause continues the same message
    assert [b["text"] for b in paused["content"]] == ["thinking", "still thinking"]
    assert "finish" in model.requests[4]["messages"][-1]["content"][0]["text"]
    assert outcome.status == "done"


def test_refusal_and_context_window_block(project):
    refused, _ = run(project, [text("no", stop_reason="refusal")])
    full, _ = run(project, [text("", stop_reason="model_context_window_exceeded")], run_id="r2")
    assert refused.status == "blocked" and "refused" in refused.reason
    assert full.status == "blocked" and "context window" in full.reason


def test_max_tokens_with_a_cut_tool_call_answers_every_id(project):
    cut = tool_use("write_file", {"path": ROUTER, "content": "x"})
    cut.stop_reason = "max_tokens"
    _outcome, model = run(project, [cut, tool_use("finish", {"summary": "ok"})])
    (result,) = results_of(model.requests[1])
    assert result["is_error"] and result["tool_use_id"] == cut.content[0]["id"]
    assert not (project.root / ROUTER).exists()


def test_turn_limit(project):
    script = [tool_use("list_files", {"pattern": "*"}) for _ in range(5)]
    outcome, model = run(project, script, max_turns=2)
    assert outcome.status == "blocked" and "turn limit" in outcome.reason
    assert len(model.requests) == 2


def test_cost_limit_stops_before_the_request_that_would_exceed_it(project):
    outcome, model = run(project, [tool_use("list_files", {})], max_cost_usd=0.0001)
    assert outcome.status == "blocked" and "cost limit" in outcome.reason
    assert model.requests == []


def test_time_limit(project):
    def slow(request):
        time.sleep(1.05)
        return tool_use("list_files", {})

    outcome, _ = run(project, [slow, slow], max_seconds=1)
    assert outcome.status == "blocked" and "time limit" in outcome.reason


def test_run_tests_and_allowed_commands(project):
    config = project.config.model_copy(update={
        "test_command": [sys.executable, "-c", "print('3 passed')"], "test_workdir": "backend",
        "allowed_commands": [[sys.executable, "-c"]],
    })  # fmt: skip
    project.config = config
    _outcome, model = run(project, [
        tool_use("run_tests", {}, ("run_command", {"argv": [sys.executable, "-c", "print(7)"]}),
                 ("run_command", {"argv": ["rm", "-rf", "/"]})),
        tool_use("finish", {"summary": "ok"}),
    ])  # fmt: skip
    tests, allowed, refused = results_of(model.requests[1])
    assert tests["content"].startswith("exit code 0") and "3 passed" in tests["content"]
    assert "7" in allowed["content"] and not allowed.get("is_error")
    assert refused["is_error"] and "not allowed" in refused["content"]


def test_usage_is_recorded_per_request(project):
    outcome, _ = run(
        project, [tool_use("list_files", {}), tool_use("finish", {"summary": "s"})], mode="EXECUTE"
    )
    usage = [e for e in project.state.events().events if e.event == "usage"]
    assert len(usage) == 2 and usage[0].agent == "fastapi" and usage[0].run_id == "run-t"
    assert usage[0].data["model"] == "claude-haiku-4-5" and usage[0].data["input_tokens"] > 0
    assert outcome.data["cost_usd"] > 0


def test_direct_usage_goes_to_its_run_folder_not_the_task_log(project):
    log = project.root / "project_state/task-log.jsonl"
    before = log.read_bytes()
    outcome, _ = run(project, [tool_use("list_files", {}), tool_use("finish", {"summary": "s"})])
    assert log.read_bytes() == before
    (first, second) = run_usage(project.state.dir, "run-t")
    assert first.agent == "fastapi" and first.mode == "DIRECT" and first.data["turn"] == 1
    assert first.data["cost_usd"] + second.data["cost_usd"] == pytest.approx(
        outcome.data["cost_usd"]
    )


def test_requests_extend_each_other_with_at_most_four_breakpoints(project):
    script = [tool_use("list_files", {}) for _ in range(4)] + [tool_use("finish", {"summary": "s"})]
    _, model = run(project, script)
    previous = None
    for request in model.requests:
        plain = _strip(request["messages"])
        marks = json.dumps(request).count("cache_control")
        assert 3 <= marks <= 4
        assert request["messages"][-1]["content"][-1]["cache_control"] == {"type": "ephemeral"}
        if previous is not None:
            assert plain[: len(previous)] == previous
        previous = plain


def _strip(messages):
    return [
        {
            **m,
            "content": [{k: v for k, v in b.items() if k != "cache_control"} for b in m["content"]],
        }
        for m in messages
    ]


def test_resume_continues_from_the_last_complete_turn(project):
    def down(request):
        raise ModelUnavailable("server error 500 after retries")

    first = tool_use("write_file", {"path": ROUTER, "content": "x = 1\n"})
    outcome, _model = run(project, [first, down], run_id="run-r")
    assert outcome.status == "blocked" and "500" in outcome.reason
    outcome, again = run(project, [tool_use("finish", {"summary": "resumed"})], run_id="run-r")
    assert outcome.status == "done" and outcome.summary == "resumed"
    resumed = again.requests[0]["messages"]
    assert resumed[1]["content"][0]["id"] == first.content[0]["id"]
    assert resumed[-1]["content"][0]["tool_use_id"] == first.content[0]["id"]
    assert len(resumed) == 3
    outcome, third = run(project, [], run_id="run-r")  # finished: nothing is asked again
    assert outcome.summary == "resumed" and third.requests == []


def test_a_damaged_saved_conversation_is_an_error_that_names_it(project):
    saved = project.root / "project_state/runs/run-d/fastapi-direct.state.json"
    saved.parent.mkdir(parents=True)
    for damage in ('{"messages": [', '["not", "an", "object"]'):
        saved.write_text(damage)
        with pytest.raises(StackcrewError, match="fastapi-direct.state.json: cannot resume") as err:
            run(project, [tool_use("finish", {"summary": "s"})], run_id="run-d")
        assert "delete the file" in (err.value.hint or "")
        assert saved.read_text() == damage  # left as it was


def test_transcript_redacts_secrets(project):
    (project.root / "backend/.env").write_text("ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnop\n")
    run(
        project,
        [tool_use("read_file", {"path": "backend/.env"}), tool_use("finish", {"summary": "s"})],
    )
    transcript = project.root / "project_state/runs/run-t/transcript.jsonl"
    text_ = transcript.read_text()
    assert "sk-ant-api03" not in text_ and "[REDACTED]" in text_
    assert all(json.loads(line)["kind"] for line in text_.splitlines())


def test_a_write_that_would_put_the_placeholder_over_a_secret_is_refused(project):
    settings = "backend/app/local_settings.py"
    (project.root / settings).write_text('DEBUG = False\npassword = "hunter2-correct-horse"\n')
    outcome, model = run(project, [
        tool_use("read_file", {"path": settings}),
        tool_use("write_file", {"path": settings,
                                "content": 'DEBUG = True\npassword = "[REDACTED]"\n'}),
        tool_use("edit_file", {"path": settings, "old": "DEBUG = False", "new": "DEBUG = True"}),
        tool_use("finish", {"summary": "debug on"}),
    ])  # fmt: skip
    (shown,) = results_of(model.requests[1])
    assert shown["content"] == '1\tDEBUG = False\n2\tpassword = "[REDACTED]"\n'
    (refused,) = results_of(model.requests[2])
    assert refused["is_error"] and "stands for a secret" in refused["content"]
    assert (
        project.root / settings
    ).read_text() == 'DEBUG = True\npassword = "hunter2-correct-horse"\n'
    assert outcome.status == "done"


def test_model_per_agent(project):
    project.config = project.config.model_copy(update={"agent_models": {"vue": "claude-haiku-4-5"}})
    engine = ModelEngine(project, lambda name: ScriptedModel([], name=name), limits=Limits())
    assert engine.model_name(project.registry.get("vue")) == "claude-haiku-4-5"
    assert engine.model_name(project.registry.get("qa")) == project.config.model


def test_importing_the_engine_does_not_import_anthropic():
    code = "import sys, orchestrator.engines.model; print('anthropic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
