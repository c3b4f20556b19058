"""Commands answered without the CLI framework (state views, index, the CI review): the same
output and exit code as the full command, or not answered at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import orchestrate

from orchestrator.cli.quick_commands import Request, answer_quickly, parse_request
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
            Request(("log",), {"--limit": "7", "--json": True}, "p"),
        ),
        (
            ["issue", "list", "--project=a", "-C", "b", "--all"],
            Request(("issue", "list"), {"--all": True}, "b"),
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
        (
            ["review", "--base", "main", "-f", "json", "--no-tests"],
            Request(("review",), {"--base": "main", "--format": "json", "--no-tests": True}, None),
        ),
        (["review", "-f=json", "--base", "main"], None),
        (["review", "--pr", "1"], None),
        (
            ["index", "--routes", "--json"],
            Request(("index",), {"--routes": True, "--json": True}, None),
        ),
        (["consult", "vue", "q?"], None),  # an `agent` command
        ([], None),
    ],
)
def test_only_the_plain_forms_are_parsed(argv: list[str], expected: Request | None) -> None:
    assert parse_request(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "--limit", "five"],
        ["issue", "list", "--status", "x"],
        ["review", "--base", "HEAD", "--format", "yaml"],
    ],
)
def test_values_typer_refuses_are_left_to_it(blog: Path, argv: list[str]) -> None:
    args = [*argv, "--project", str(blog)]
    assert not answer_quickly(args)
    assert orchestrate(*args).exit_code == 2


def test_the_project_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCREW_PROJECT", "elsewhere")
    assert parse_request(["log"]) == Request(("log",), {}, "elsewhere")


def without_seconds(text: str) -> dict:
    data = json.loads(text)
    data.pop("seconds", None)
    return data


@pytest.mark.parametrize("form", [["--json"], ["--json", "--routes"], []], ids=" ".join)
def test_the_quick_index_is_the_full_index(blog: Path, capsys, form: list[str]) -> None:
    args = ["index", *form, "--project", str(blog)]
    full = orchestrate(*args)
    assert full.exit_code == 0, full.output
    shutil.rmtree(blog / ".stackcrew-cache")  # both build the index from nothing
    capsys.readouterr()
    assert answer_quickly(args)
    quick = capsys.readouterr().out
    if form:
        assert without_seconds(quick) == without_seconds(full.stdout)
    else:
        assert quick.splitlines()[:8] == full.stdout.splitlines()[:8]  # the counts


def test_the_console_script_index_ends_with_all_printed_and_the_cache_written(blog: Path) -> None:
    """The console script's quick index ends the process itself once it has printed."""
    full = orchestrate("index", "--routes", "--json", "--project", blog)
    shutil.rmtree(blog / ".stackcrew-cache")
    script = Path(sys.executable).with_name("orchestrate")
    done = subprocess.run([str(script), "index", "--routes", "--json", "--project", str(blog)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0 and done.stderr == ""
    assert without_seconds(done.stdout) == without_seconds(full.stdout)
    assert (blog / ".stackcrew-cache" / "index" / "ready.json").is_file()


@pytest.mark.parametrize("form", [["sprint", "status"], ["log", "--json"], ["issue", "list"]])
def test_the_console_script_state_views_end_with_all_printed(blog: Path, form: list[str]) -> None:
    """The console script's quick views end the process themselves once they have printed,
    exit handlers run and output flushed."""
    args = [*form, "--project", str(busy(blog))]
    full = orchestrate(*args)
    script = Path(sys.executable).with_name("orchestrate")
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a pipe is
    done = subprocess.run([str(script), *args], capture_output=True, text=True, env=buffered,
                          check=False)  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == full.stdout


def commit_a_change(blog: Path) -> None:
    service = blog / "backend" / "app" / "main.py"
    service.write_text(service.read_text() + '\nAPI_TOKEN = "sk_live_51Hq2T9xLmZ3vB7nR4pK8wYc"\n')
    for argv in (["add", "-A"], ["commit", "-qm", "feat: a token"]):
        subprocess.run(["git", "-C", str(blog), "-c", "user.name=t", "-c", "user.email=t@t", *argv],
                       check=True, capture_output=True)  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "table", "github"])
def test_the_quick_review_is_the_full_review(blog: Path, capsys, fmt: str) -> None:
    commit_a_change(blog)
    args = ["review", "--base", "HEAD~1", "--no-tests", "-f", fmt, "--project", str(blog)]
    full = orchestrate(*args)
    assert full.exit_code in (1, 3), full.output
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        answer_quickly(args)
    assert done.value.code == full.exit_code
    quick = capsys.readouterr().out
    if fmt == "json":
        assert without_seconds(quick) == without_seconds(full.stdout)
        assert without_seconds(quick)["findings"], "the token is found"
    else:
        assert quick == full.stdout


def test_a_review_by_pull_request_is_left_to_the_full_command(blog: Path, capsys) -> None:
    assert not answer_quickly(["review", "--pr", "1", "--project", str(blog)])
    assert not answer_quickly(["review", "--project", str(blog)])
    assert capsys.readouterr().out == ""
