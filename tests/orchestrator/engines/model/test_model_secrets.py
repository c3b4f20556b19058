"""No secret reaches disk: a model run through the real CLI and the loopback Messages API.

The repository holds secrets of many kinds (`secrets_corpus`) in `.env`, in a committed
source file and in the environment; the scripted model reads them, runs commands that
print them, puts them in a delegation, in its own words and in tool calls that fail
quoting them. Afterwards none of them is anywhere under the repository but where they
were planted, nor in the git objects the run created, nor in any request the model got.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from model_engine_helpers import git, invoke

from orchestrator.cli.apps import orchestrate_app
from orchestrator.engines.model.scripted import tool_use
from orchestrator.project import open_project
from orchestrator.review.pull_requests import open_pr

PLANTED = (".env", "backend/app/integrations.py")
MODEL_FILE = "backend/app/models/audit.py"


def orchestrate(*args: str | Path):
    return invoke(orchestrate_app, *args)


@pytest.fixture
def planted(blog, secrets_corpus, fake_api, monkeypatch):
    """The blog example with the corpus in `.env`, a committed file and the environment."""
    for name, value in secrets_corpus.env.items():
        monkeypatch.setenv(name, value)
    (blog / ".env").write_text(secrets_corpus.dotenv)
    (blog / secrets_corpus.source_path).write_text(secrets_corpus.source)
    config = blog / "stackcrew.yaml"
    config.write_text(config.read_text() + "  - [printenv]\n  - [cat, .env]\n")
    git(blog, "add", "-A")
    git(blog, "commit", "-qm", "integrations")
    return blog


def leaks(corpus, data: bytes) -> list[str]:
    return [kind for kind, value in corpus.secrets.items() if value.encode() in data]


def leaks_on_disk(corpus, root: Path) -> dict[str, list[str]]:
    files = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    kept = {rel: p for rel, p in files.items() if rel not in PLANTED}
    found = {rel: leaks(corpus, p.read_bytes()) for rel, p in kept.items()
             if not rel.startswith(".git/objects/")}  # fmt: skip
    return {rel: kinds for rel, kinds in found.items() if kinds}


def leaks_in_new_objects(corpus, root: Path, base: str) -> list[str]:
    """Every object (commit, tree, blob) reachable from a ref but not from `base`."""
    listed = git(root, "rev-list", "--objects", "--all", "--not", base).split("\n")
    ids = "\n".join(line.split(" ")[0] for line in listed if line) + "\n"
    dump = subprocess.run(
        ["git", "cat-file", "--batch"], cwd=root, input=ids.encode(), capture_output=True,
        check=True,
    ).stdout  # fmt: skip
    assert len(listed) > 3  # the run did commit
    return leaks(corpus, dump)


def fastapi_turns(s: dict[str, str]) -> list:
    database_url = f"postgresql://blog:{s['database url password']}@db.internal/blog"
    return [
        tool_use("read_file", {"path": ".env"},
                 ("read_file", {"path": "backend/app/integrations.py"}),
                 ("run_command", {"argv": ["printenv"]}),
                 ("run_command", {"argv": ["cat", ".env"]})),
        thinking_aloud(f"Found {s['json web token']} and {s['github token']}.",
                       "read_file", {"path": database_url},
                 ("run_command", {"argv": ["curl", f"https://deploy:{s['basic-auth url']}@x.io",
                                           s["stripe live key"]]}),
                 ("search_code", {"regex": f"({s['slack bot token']}"})),
        tool_use("request_change", {"agent": "database", "description": (
            f"Store AWS_SECRET_ACCESS_KEY={s['aws secret access key']} and "
            f"{database_url} and password = \"{s['password literal']}\" in the model")}),
        tool_use("finish", {"summary": f"wired {s['anthropic api key']} {s['google api key']}"}),
    ]  # fmt: skip


def thinking_aloud(words: str, name: str, tool_input: dict, *more: tuple[str, dict]):
    """A turn whose tool calls come after some text of the model's own."""
    reply = tool_use(name, tool_input, *more)
    reply.content.insert(0, {"type": "text", "text": words})
    return reply


def test_no_secret_reaches_disk_git_or_the_model(planted, secrets_corpus, fake_api):
    s, root = secrets_corpus.secrets, planted
    base = git(root, "rev-parse", "HEAD").strip()
    fake_api.add(
        *fastapi_turns(s),
        tool_use("read_file", {"path": ".env"}),  # the delegated database step
        tool_use("write_file", {"path": MODEL_FILE, "content": "AUDIT = True\n"}),
        tool_use("finish", {"summary": "audit model"}),
    )
    run = orchestrate("run", "--issue", "45", "--agent", "fastapi", "--no-review", "--json",
                      "--project", root)  # fmt: skip
    assert run.exit_code == 0, run.output
    assert [s["agent"] for s in json.loads(run.stdout)["steps"]] == ["fastapi", "database"]

    fake_api.add(
        tool_use("read_file", {"path": secrets_corpus.source_path}),
        tool_use("run_command", {"argv": ["printenv"]}),
        tool_use("finish", {"summary": "read"}),
    )
    direct = orchestrate("direct", "fastapi", "read the integrations", "--project", root)
    assert direct.exit_code == 0, direct.output

    state = root / "project_state"
    assert (state / "runs").is_dir() and list(state.glob("runs/*/*.state.json"))
    assert "[REDACTED]" in (state / "task-log.jsonl").read_text()
    assert fake_api.errors == []
    assert leaks_on_disk(secrets_corpus, root) == {}
    assert leaks_in_new_objects(secrets_corpus, root, base) == []
    assert [leaks(secrets_corpus, json.dumps(r).encode()) for r in fake_api.requests] == [
        [] for _ in fake_api.requests
    ]  # the model saw none of them either


def test_resume_skips_finished_steps_and_continues_the_redacted_conversation(
    planted, secrets_corpus, fake_api
):
    root = planted
    router = "backend/app/routers/posts.py"
    fake_api.add(
        tool_use("read_file", {"path": ".env"}),
        tool_use("write_file", {"path": "backend/app/models/post.py", "content": "P = 1\n"}),
        tool_use("finish", {"summary": "Post model"}),
        tool_use("run_command", {"argv": ["cat", ".env"]}),  # fastapi, then the API fails
        tool_use("write_file", {"path": router, "content": "R = 1\n"}),
        *["500"] * 5,  # the first try and the CLI's four retries
    )
    run = orchestrate("run", "--issue", "45", "--no-review", "--json", "--project", root)
    assert run.exit_code == 1, run.output
    first = json.loads(run.stdout)
    assert [(s["agent"], s["status"]) for s in first["steps"]] == [
        ("database", "done"),
        ("fastapi", "blocked"),
    ]
    saved = json.loads((root / f"project_state/runs/{first['run_id']}/TASK-045-fastapi.state.json")
                       .read_text())  # fmt: skip
    assert "[REDACTED]" in json.dumps(saved["messages"])

    answered = len(fake_api.requests)
    fake_api.add(
        tool_use("finish", {"summary": "posts router"}), tool_use("finish", {"summary": "ui"})
    )
    again = orchestrate("resume", first["run_id"], "--no-review", "--json", "--project", root)
    assert again.exit_code == 0, again.output
    assert [s["agent"] for s in json.loads(again.stdout)["steps"]] == ["fastapi", "vue"]
    resumed = fake_api.requests[answered]["messages"]
    assert _plain(resumed[: len(saved["messages"])]) == _plain(saved["messages"])
    commits = [e for e in _events(root) if e["event"] == "commit"]
    assert [e["task"] for e in commits] == ["TASK-045-database", "TASK-045-fastapi", "TASK-045-vue"]
    assert fake_api.errors == [] and leaks_on_disk(secrets_corpus, root) == {}


def _events(root: Path) -> list[dict]:
    log = (root / "project_state/task-log.jsonl").read_text().splitlines()
    return [json.loads(line) for line in log]


def _plain(messages: list[dict]) -> list[dict]:
    """Messages without cache breakpoints (each request moves them)."""
    return [
        {
            **m,
            "content": [{k: v for k, v in b.items() if k != "cache_control"} for b in m["content"]],
        }
        for m in messages
    ]


def test_a_review_finding_that_quotes_a_secret_is_kept_redacted(blog, secrets_corpus, monkeypatch):
    """A failing test prints a secret from the environment: the person sees it, prs.json not."""
    token = secrets_corpus.secrets["environment-only token"]
    monkeypatch.setenv("PAYMENT_TOKEN", token)
    git(blog, "checkout", "-qb", "fastapi/44-leak")
    (blog / "backend/tests/test_leak.py").write_text(
        "import os\n\n\ndef test_leak() -> None:\n    assert os.environ['PAYMENT_TOKEN'] == ''\n"
    )
    git(blog, "add", "backend/tests/test_leak.py")
    git(blog, "commit", "-qm", "test: leak #44")
    open_pr(open_project(blog), branch="fastapi/44-leak", base="main", title="Leak", issue=44,
            agent="fastapi")  # fmt: skip
    git(blog, "checkout", "-q", "main")
    reviewed = orchestrate("review", "--pr", "1", "-f", "json", "-C", blog)
    assert reviewed.exit_code != 0 and token in reviewed.stdout, reviewed.output
    assert "[REDACTED]" in (blog / "project_state/prs.json").read_text()
    assert leaks_on_disk(secrets_corpus, blog) == {}
