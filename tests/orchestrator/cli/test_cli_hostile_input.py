"""A repository's own files are data: templates, paths and deep nesting never run or crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import agent, orchestrate

TEMPLATE_ATTACK = """---
name: billing
description: Owns billing.
owns: ["billing/"]
---
Hi {{{{ cycler.__init__.__globals__.os.system("touch {marker}") }}}}
"""


def add_agent_file(repo: Path, name: str, text: str) -> Path:
    folder = repo / ".stackcrew" / "agents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_agent_template_cannot_run_code_on_consult(blog: Path, tmp_path: Path):
    marker = tmp_path / "ran"
    path = add_agent_file(blog, "billing", TEMPLATE_ATTACK.format(marker=marker))
    result = agent("consult", "billing", "what?", "--dry-run", "--project", blog)
    assert result.exit_code == 2, result.output
    assert not marker.exists()
    assert str(path) in result.output and "unsafe" in result.output


def test_builtin_prompts_still_render_in_the_sandbox(blog: Path):
    result = agent("show", "fastapi", "--prompt", "--project", blog)
    assert result.exit_code == 0, result.output
    assert "fastapi" in result.output.lower()


def test_error_prints_a_bracketed_path_as_written(blog: Path):
    result = orchestrate("issue", "new", "x", "--spec", "pages/[id]/index.vue", "--project", blog)
    assert result.exit_code == 2
    assert "pages/[id]/index.vue: cannot read the issue spec" in result.output


def test_error_with_a_closing_tag_in_it_is_printed_not_parsed(blog: Path):
    result = agent("show", "[/]", "--project", blog)
    assert result.exit_code == 2
    assert "unknown agent '[/]'" in result.output


def test_issue_title_with_markup_is_shown_as_written(blog: Path):
    title = "Fix [bold]pages/[id].vue[/]"
    created = orchestrate("issue", "new", title, "--project", blog)
    assert created.exit_code == 0 and f": {title}" in created.output
    shown = orchestrate("issue", "show", "46", "--project", blog)
    assert shown.exit_code == 0 and title in shown.output


DEEP_JSON = "[" * 2000 + "]" * 2000
DEEP_YAML = "x: " + DEEP_JSON + "\n"


def test_deep_config_is_refused_naming_the_file(blog: Path):
    (blog / "stackcrew.yaml").write_text("agent_models: " + DEEP_JSON + "\n", encoding="utf-8")
    result = orchestrate("owners", "--project", blog)
    assert result.exit_code == 2, result.output
    assert "stackcrew.yaml:1:" in result.output and "nested more than" in result.output


def test_deep_agent_frontmatter_is_refused_naming_the_file(blog: Path):
    path = add_agent_file(blog, "billing", f"---\nname: billing\n{DEEP_YAML}---\nHi\n")
    result = agent("list", "--project", blog)
    assert result.exit_code == 2, result.output
    assert str(path) in result.output and "nested more than" in result.output


def test_deep_issue_spec_is_refused_naming_the_file(blog: Path, tmp_path: Path):
    spec = tmp_path / "spec.json"
    spec.write_text(DEEP_JSON, encoding="utf-8")
    result = orchestrate("issue", "new", "t", "--spec", spec, "--project", blog)
    assert result.exit_code == 2, result.output
    assert str(spec) in result.output and "nested more than" in result.output


@pytest.mark.parametrize("name", ["project.json", "prs.json"])
def test_deep_state_file_is_refused_naming_the_file(blog: Path, name: str):
    path = blog / "project_state" / name
    path.write_text('{"version": 1, "deep": ' + DEEP_JSON + "}", encoding="utf-8")
    listing = ("issue", "list") if name == "project.json" else ("pr", "list")
    result = orchestrate(*listing, "--project", blog)
    assert result.exit_code == 2, result.output
    assert f"project_state/{name}:1:" in result.output and "nested more than" in result.output


@pytest.mark.parametrize(
    ("spec", "key", "says"),
    [
        ('{"kind": "resource", "resource": "BlogPost"}', "resource", "snake_case"),
        ('{"kind": "resource", "resource": "class"}', "resource", "keyword"),
        (
            '{"kind": "resource", "resource": "post", "fields": [{"name": "def", "type": "str"}]}',
            "fields[0].name",
            "keyword",
        ),
        (
            (
                '{"kind": "field", "resource": "post",'
                ' "fields": [{"name": "ok", "type": "bool", "default": "x); import os; ("}]}'
            ),
            "fields[0]",
            "must be a bool",
        ),
        (
            (
                '{"kind": "resource", "resource": "post",'
                ' "fields": [{"name": "a", "type": "str"}, {"name": "a", "type": "int"}]}'
            ),
            "fields",
            "unique",
        ),
    ],
)
def test_issue_spec_is_checked_where_it_enters(
    blog: Path, tmp_path: Path, spec: str, key: str, says: str
):
    path = tmp_path / "spec.json"
    path.write_text(spec, encoding="utf-8")
    result = orchestrate("issue", "new", "t", "--spec", path, "--project", blog)
    assert result.exit_code == 2, result.output
    assert f"{path}: {key}: " in result.output and says in result.output


def test_bad_spec_in_project_json_stops_run_before_any_branch(blog: Path):
    import json
    import subprocess

    state = blog / "project_state" / "project.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data["issues"][0]["spec"] = {"kind": "resource", "resource": "BlogPost"}
    state.write_text(json.dumps(data), encoding="utf-8")
    result = orchestrate("run", "--issue", "45", "--project", blog)
    assert result.exit_code == 2, result.output
    assert "project_state/project.json" in result.output and "spec.resource" in result.output
    head = ["git", "-C", str(blog), "rev-parse", "--abbrev-ref", "HEAD"]
    branch = subprocess.run(head, capture_output=True, text=True, check=True).stdout.strip()
    assert branch == "main"


def test_health_check_edits_a_parenthesised_import_into_python_that_parses(blog: Path):
    import ast
    import subprocess

    main = blog / "backend" / "app" / "main.py"
    text = main.read_text(encoding="utf-8")
    main.write_text(
        text.replace(
            "from app.routers import api_router\n",
            "from app.routers import (\n    api_router,\n)\n",
        ),
        encoding="utf-8",
    )
    subprocess.run(["git", "-C", str(blog), "commit", "-qam", "wrap an import"], check=True)
    result = orchestrate("direct", "fastapi", "add a health check", "--project", blog)
    assert result.exit_code == 0, result.output
    edited = main.read_text(encoding="utf-8")
    ast.parse(edited)
    assert "from app.routers import (\n    api_router,\n    health,\n)" in edited
    assert "app.include_router(health.router)" in edited


def test_owners_and_agents_show_bracketed_paths_and_descriptions_as_written(blog: Path):
    owners = orchestrate("owners", "frontend/src/pages/[id]/index.vue", "--project", blog)
    assert owners.exit_code == 0 and "frontend/src/pages/[id]/index.vue" in owners.output
    add_agent_file(
        blog,
        "billing",
        '---\nname: billing\ndescription: "Owns [bold]pages/[id][/]"\nowns: ["billing/[id]/"]\n---\nHi\n',
    )
    listed = agent("show", "billing", "--project", blog)
    assert listed.exit_code == 0, listed.output
    assert "Owns [bold]pages/[id][/]" in listed.output and "billing/[id]/" in listed.output
