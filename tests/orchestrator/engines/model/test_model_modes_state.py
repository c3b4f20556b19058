"""What CONSULT, DIRECT and the advisory review write with a model: no tracked state.

CONSULT and `review --base` write nothing but `.stackcrew-cache/`; DIRECT commits its
code and keeps its cost in its own git-ignored run folder, where `orchestrate cost` reads it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from model_engine_helpers import git, invoke

from orchestrator.cli.apps import agent_app, orchestrate_app
from orchestrator.engines.model.scripted import text, tool_use

STATE_FILES = ("project.json", "current-sprint.json", "task-log.jsonl", "prs.json")
CACHE = ".stackcrew-cache/"


def everything(root: Path) -> dict[str, bytes]:
    """Every file of the work tree (cache aside) with its bytes, and the refs and status."""
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.relative_to(root).as_posix().startswith((".git/", CACHE))
    }
    status = git(root, "status", "--porcelain", "--ignored", "--untracked-files=all")
    files["<status>"] = "\n".join(s for s in status.splitlines() if CACHE not in s).encode()
    files["<refs>"] = git(root, "for-each-ref", "--format=%(refname) %(objectname)").encode()
    return files


def state_files(root: Path) -> dict[str, bytes | None]:
    state = root / "project_state"
    return {n: (state / n).read_bytes() if (state / n).exists() else None for n in STATE_FILES}


def test_consult_with_a_model_writes_nothing_and_reports_its_cost(blog, fake_api):
    fake_api.add(
        tool_use("read_file", {"path": "backend/app/routers/users.py"}),
        text("Users: GET /users, POST /users."),
    )
    before = everything(blog)
    out = invoke(agent_app, "consult", "fastapi", "user endpoints?", "--json", "--project", blog)
    assert out.exit_code == 0, out.output
    answer = json.loads(out.stdout)
    assert answer["answer"] == "Users: GET /users, POST /users." and answer["cost_usd"] > 0
    assert len(fake_api.requests) == 2 and fake_api.errors == []
    assert everything(blog) == before


@pytest.mark.parametrize(
    "tests",
    [
        pytest.param(["--no-tests"], id="without the tests"),
        pytest.param([], id="with the tests"),
    ],
)
def test_advisory_review_with_a_model_writes_nothing(blog, fake_api, tests):
    (blog / "backend/app/notes.py").write_text('"""Notes."""\n\nNOTE = "x"\n')
    git(blog, "add", "-A")
    git(blog, "commit", "-qm", "notes")
    fake_api.add(text("Looks fine; consider a test for notes.py."))
    before = everything(blog)
    out = invoke(orchestrate_app, "review", "--base", "HEAD~1", *tests, "-f", "json",
                 "--project", blog)  # fmt: skip
    assert out.exit_code in (0, 1, 3), out.output
    assert "consider a test for notes.py" in out.stdout
    assert len(fake_api.requests) == 1 and fake_api.errors == []
    assert everything(blog) == before


def test_direct_with_a_model_keeps_state_files_and_its_cost_in_its_run_folder(blog, fake_api):
    fake_api.add(
        tool_use("write_file", {"path": "backend/app/ping.py", "content": "PING = 1\n"}),
        tool_use("finish", {"summary": "ping"}),
    )
    before, clean = state_files(blog), git(blog, "status", "--porcelain")
    out = invoke(orchestrate_app, "direct", "fastapi", "add ping", "--json", "--project", blog)
    assert out.exit_code == 0, out.output
    run_id = json.loads(out.stdout)["run_id"]
    assert state_files(blog) == before and git(blog, "status", "--porcelain") == clean
    assert (blog / f"project_state/runs/{run_id}/usage.jsonl").is_file()

    cost = invoke(orchestrate_app, "cost", "--run", run_id, "--json", "--project", blog)
    assert cost.exit_code == 0, cost.output
    (row,) = json.loads(cost.stdout)["rows"]
    assert row["agent"] == "fastapi" and row["requests"] == 2 and row["issue"] is None
    everything_cost = json.loads(invoke(orchestrate_app, "cost", "--json", "-C", blog).stdout)
    assert everything_cost["total"]["cost_usd"] == row["cost_usd"] > 0
