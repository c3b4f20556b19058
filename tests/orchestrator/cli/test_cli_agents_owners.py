"""Agents, ownership and the three modes' dry runs through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

from cli_runner import agent, orchestrate


def test_agent_list_and_show(blog):
    listed = json.loads(agent("list", "--project", blog, "--json").stdout)
    assert [a["name"] for a in listed] == ["fastapi", "database", "vue", "devops", "qa"]
    shown = json.loads(agent("show", "database", "--project", blog, "--json").stdout)
    assert "models/" in shown["owned"] and shown["prompt_chars"] > 1000
    assert agent("show", "frontend", "--project", blog).exit_code == 2


def test_agent_show_prompt_is_rendered_for_the_project(blog):
    text = agent("show", "fastapi", "--prompt", "--project", blog).stdout
    assert "blog" in text and "{{" not in text


def test_owners_map_lookup_and_refusal(blog):
    rules = json.loads(orchestrate("owners", "--project", blog, "--json").stdout)
    assert {"pattern": "models/", "agent": "database"} in rules
    found = orchestrate("owners", "backend/app/models/user.py", "frontend/src/App.vue",
                        "--project", blog, "--json")  # fmt: skip
    assert [r["owner"] for r in json.loads(found.stdout)] == ["database", "vue"]
    escaped = orchestrate("owners", "../../etc/passwd", ".git/config", "--project", blog, "--json")
    assert escaped.exit_code == 2
    assert all(r["refused"] for r in json.loads(escaped.stdout))


def test_codeowners_output(blog):
    text = orchestrate("owners", "--codeowners", "--project", blog).stdout
    assert "models/ @stackcrew-database" in text.splitlines()


def test_config_override_changes_the_owner(blog):
    (blog / "stackcrew.yaml").write_text("ownership:\n  - {pattern: README.md, agent: devops}\n")
    found = orchestrate("owners", "README.md", "--project", blog, "--json")
    assert json.loads(found.stdout)[0]["owner"] == "devops"


def test_config_override_with_unknown_agent_names_the_key(blog):
    (blog / "stackcrew.yaml").write_text("ownership:\n  - {pattern: README.md, agent: ghost}\n")
    result = orchestrate("owners", "--project", blog)
    assert result.exit_code == 2 and "ownership[0].agent" in result.stderr


def test_run_dry_run_plans_issue_45_across_layers(blog):
    result = orchestrate("run", "--issue", "45", "--dry-run", "--project", blog, "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert [s["agent"] for s in plan["steps"]] == ["database", "fastapi", "vue"]
    assert [s["task"] for s in plan["steps"]] == [
        "TASK-045-database",
        "TASK-045-fastapi",
        "TASK-045-vue",
    ]
    assert plan["branch"] == "fastapi/45-add-post-resource-with-crud-endpoints"
    assert plan["steps"][1]["depends_on"] == ["TASK-045-database"]
    assert all(s["commit"].endswith("#45") for s in plan["steps"])
    assert all(s["system_prompt_chars"] > 1000 for s in plan["steps"])


def test_plan_with_agent_override(blog):
    plan = json.loads(orchestrate("plan", "--issue", "45", "--agent", "vue", "--project", blog,
                                  "--json").stdout)  # fmt: skip
    assert [s["agent"] for s in plan["steps"]] == ["vue"] and plan["steps"][0]["task"] == "TASK-045"


def test_execute_without_issue_stops(blog):
    result = orchestrate("run", "--issue", "99", "--dry-run", "--project", blog)
    assert result.exit_code == 1
    assert "No issue found" in result.stderr and "DIRECT" in result.stderr


def test_direct_dry_run_is_untracked(blog):
    result = orchestrate("direct", "fastapi", "add a health check endpoint", "--dry-run",
                         "--project", blog, "--json")  # fmt: skip
    plan = json.loads(result.stdout)
    assert plan["tracked"] is False and plan["steps"][0]["commit"] == (
        "chore: add a health check endpoint"
    )
    assert plan["branch"].startswith("fastapi/direct-")


def test_consult_dry_run_and_qa_mode_refusal(blog):
    assert (
        agent("consult", "fastapi", "user endpoints?", "--dry-run", "--project", blog).exit_code
        == 0
    )
    refused = orchestrate("direct", "qa", "rewrite the tests", "--dry-run", "--project", blog)
    assert refused.exit_code == 1 and "DIRECT" in refused.stderr


def test_dry_runs_change_nothing(blog):
    before = _snapshot(blog)
    orchestrate("run", "--issue", "45", "--dry-run", "--project", blog)
    orchestrate("direct", "vue", "add a page", "--dry-run", "--project", blog)
    agent("consult", "database", "models?", "--dry-run", "--project", blog)
    assert _snapshot(blog) == before


def _snapshot(root):
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".stackcrew-cache" not in p.parts
    }
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    )
    branches = subprocess.run(
        ["git", "branch"], cwd=root, capture_output=True, text=True, check=True
    )
    return files, head.stdout, branches.stdout


def test_cli_start_up_imports_nothing_heavy(tmp_path):
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from orchestrator.cli.apps import agent_app, orchestrate_app\n"
        "r = CliRunner()\n"
        "assert r.invoke(orchestrate_app, ['--help']).exit_code == 0\n"
        f"assert r.invoke(agent_app, ['list', '--project', {str(tmp_path)!r}]).exit_code == 0\n"
        "heavy = sorted(m for m in ('anthropic', 'git', 'jinja2', 'httpx') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_consult_answers_from_the_code_and_writes_nothing(blog, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    before = _snapshot(blog)
    result = agent("consult", "fastapi", "user endpoints?", "--project", blog, "--json")
    assert result.exit_code == 0, result.output
    routes = {(r["method"], r["path"]) for r in json.loads(result.stdout)["facts"]["routes"]}
    assert ("GET", "/api/v1/users/{user_id}") in routes and ("POST", "/api/v1/users") in routes
    assert _snapshot(blog) == before


def _own(blog, *lines: str) -> None:
    with open(blog / "stackcrew.yaml", "a", encoding="utf-8") as config:
        config.write("ownership:\n" + "".join(f"  - {line}\n" for line in lines))


def test_owners_explain_names_the_last_matching_rule_and_its_source(blog):
    _own(blog, "{pattern: frontend/src/client/models/, agent: vue}",
         '{pattern: "!backend/app/models/legacy.py", agent: database}')  # fmt: skip
    paths = ["frontend/src/client/models/user.ts", "backend/app/models/legacy.py",
             "backend/app/models/user.py", "README.md"]  # fmt: skip
    done = orchestrate("owners", "--explain", *paths, "--project", blog, "--json")
    assert done.exit_code == 0, done.output
    rows = {row["path"]: row for row in json.loads(done.stdout)}
    client = rows["frontend/src/client/models/user.ts"]
    assert (client["owner"], client["pattern"]) == ("vue", "frontend/src/client/models/")
    assert client["source"] == "stackcrew.yaml ownership[0]"  # later than `models/`: it wins
    legacy = rows["backend/app/models/legacy.py"]
    assert (legacy["owner"], legacy["source"]) == (None, "stackcrew.yaml ownership[1]")
    model = rows["backend/app/models/user.py"]
    assert (model["owner"], model["pattern"], model["source"]) == ("database", "models/",
                                                                   "agent database")  # fmt: skip
    assert (rows["README.md"]["owner"], rows["README.md"]["pattern"]) == (None, None)
    table = orchestrate("owners", "--explain", "README.md", "--project", blog).stdout
    assert "no rule matches" in table


def test_owners_unowned_lists_exactly_the_files_owner_of_gives_nobody(blog):
    (blog / "notes.txt").write_text("untracked, not ignored\n")
    done = orchestrate("owners", "--unowned", "--project", blog, "--json")
    assert done.exit_code == 0, done.output
    listed = json.loads(done.stdout)
    tracked = subprocess.run(["git", "ls-files"], cwd=blog, capture_output=True, text=True,
                             check=True).stdout.split()  # fmt: skip
    files = [p for p in [*tracked, "notes.txt"] if not p.startswith("project_state/")]
    owners = json.loads(orchestrate("owners", *files, "--project", blog, "--json").stdout)
    assert listed["unowned"] == sorted(r["path"] for r in owners if r["owner"] is None)
    assert "notes.txt" in listed["unowned"] and listed["files"] == len(files)
    table = orchestrate("owners", "--unowned", "--project", blog).stdout
    assert f"{len(listed['unowned'])} of {len(files)} files belong to no agent" in table
