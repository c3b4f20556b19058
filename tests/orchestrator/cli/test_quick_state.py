"""`orchestrate sprint status`, `log` and `issue list` answered without the CLI framework:
the same output as the full command, or not answered at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import orchestrate

from orchestrator.cli.quick_state import Request, answer_quickly, parse_request
from project_state.store import ProjectState

FORMS = [
    ["sprint", "status"],
    ["sprint", "status", "--json"],
    ["sprint", "status", "--all"],
    ["log"],
    ["log", "--json", "--limit", "0"],
    ["log", "--task=TASK-044", "--agent", "fastapi", "--limit", "3"],
    ["log", "--event", "task_added", "--run", "nowhere", "--json"],
    ["issue", "list"],
    ["issue", "list", "--status", "all", "--json"],
    ["issue", "list", "--status=closed"],
    ["issue", "list", "--all"],
]


def busy(blog: Path) -> Path:
    """The example with a closed issue, a moved and a blocked task and a title to escape."""
    state = ProjectState(blog)
    state.close_issue(42)
    state.new_issue("Fix [bold]pages/[id].vue[/]\x1b[31m")
    state.move_task("TASK-044", "IN_PROGRESS")
    state.move_task("TASK-045", "BLOCKED", reason="waiting\nfor review")
    state.record("usage", task="TASK-044", agent="fastapi", data={"tokens": 12})
    return blog


@pytest.mark.parametrize("form", FORMS, ids=" ".join)
def test_the_quick_answer_is_the_full_answer(blog: Path, capsys, form: list[str]) -> None:
    args = [*form, "--project", str(busy(blog))]
    full = orchestrate(*args)
    assert full.exit_code == 0, full.output
    capsys.readouterr()
    assert answer_quickly(args)
    assert capsys.readouterr().out == full.stdout
    if "--json" in form:
        json.loads(full.stdout)


def test_control_characters_in_titles_are_shown_escaped(blog: Path, capsys) -> None:
    busy(blog)
    assert answer_quickly(["issue", "list", "--project", str(blog)])
    assert answer_quickly(["sprint", "status", "--project", str(blog)])
    out = capsys.readouterr().out
    assert "Fix [bold]pages/[id].vue[/]\\x1b[31m" in out and "\x1b" not in out
    assert "blocked: waiting\\nfor review" in out


def test_a_torn_log_is_left_to_the_full_command_which_warns(blog: Path, capsys) -> None:
    with open(blog / "project_state" / "task-log.jsonl", "ab") as log:
        log.write(b'{"seq": 99')
    assert not answer_quickly(["log", "--project", str(blog)])
    assert capsys.readouterr().out == ""
    full = orchestrate("log", "--project", blog)
    assert full.exit_code == 0 and "the last line is torn" in full.stderr


def test_errors_and_missing_folders_are_left_to_the_full_command(blog: Path, capsys) -> None:
    (blog / "project_state" / "current-sprint.json").write_text("{not json")
    assert not answer_quickly(["sprint", "status", "--project", str(blog)])
    assert not answer_quickly(["issue", "list", "--project", str(blog / "nope")])
    assert not answer_quickly(["issue", "list", "--project", str(blog / "README.md")])
    assert capsys.readouterr().out == ""
    full = orchestrate("sprint", "status", "--project", blog)
    assert full.exit_code == 2 and "current-sprint.json:1:" in full.stderr


def test_the_views_read_no_config(blog: Path) -> None:
    (blog / "stackcrew.yaml").write_text("engin: offline\n")
    assert orchestrate("issue", "list", "--project", blog).exit_code == 0
    assert answer_quickly(["issue", "list", "--project", str(blog)])


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["sprint", "status"], Request(("sprint", "status"), {}, None)),
        (
            ["log", "-C", "p", "--limit=5", "--json", "--limit", "7"],
            Request(("log",), {"--limit": "7", "--json": True}, Path("p")),
        ),
        (
            ["issue", "list", "--project=a", "-C", "b", "--all"],
            Request(("issue", "list"), {"--all": True}, Path("b")),
        ),
        (["sprint", "status", "--help"], None),
        (["sprint", "move", "TASK-1", "DONE"], None),
        (["sprint", "status", "--json=yes"], None),
        (["sprint", "status", "--limit", "5"], None),
        (["log", "--limit"], None),
        (["log", "-C=p"], None),
        (["log", "--project="], None),
        (["issue", "list", "extra"], None),
        (["issue"], None),
        ([], None),
    ],
)
def test_only_the_plain_forms_are_parsed(argv: list[str], expected: Request | None) -> None:
    assert parse_request(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [["log", "--limit", "five"], ["issue", "list", "--status", "x"]],
)
def test_values_typer_refuses_are_left_to_it(blog: Path, argv: list[str]) -> None:
    args = [*argv, "--project", str(blog)]
    assert not answer_quickly(args)
    assert orchestrate(*args).exit_code == 2


def test_the_project_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCREW_PROJECT", "elsewhere")
    assert parse_request(["log"]) == Request(("log",), {}, Path("elsewhere"))
