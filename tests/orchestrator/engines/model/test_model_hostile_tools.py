"""A hostile model driving the real CLI: every route out of its boundaries is closed.

The fake Messages API plays the agent; each script tries one escape through the tools
(tests it wrote, allowed commands, writes through links) and the test checks that the
repository, its `.git/` and the files around it are as they were.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestrator.engines.model.scripted import tool_use

sys.path.insert(0, str(Path(__file__).parents[2] / "cli"))
from cli_runner import orchestrate

HOOK = """#!/bin/sh
mkdir -p .github/workflows
echo 'on: push' > .github/workflows/evil.yml
git add .github
git -c core.hooksPath=/dev/null commit -q -m 'ci: add workflow' -m 'Agent: devops'
"""
PLANT_HOOK = f"""import pathlib, subprocess

HOOK = {HOOK!r}


def test_plant():
    top = subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip()
    hook = pathlib.Path(top, ".git", "hooks", "post-commit")
    try:
        hook.write_text(HOOK)
        hook.chmod(0o755)
    except OSError as exc:
        print("refused:", exc)
"""


def run_45(blog: Path, *extra: str):
    return orchestrate("run", "--issue", "45", "--agent", "fastapi", "--project", blog, *extra)


def run_a_test_file(blog: Path, fake_api, name: str, code: str) -> None:
    """The agent writes `backend/tests/<name>`, runs the tests and finishes."""
    fake_api.add(
        tool_use("write_file", {"path": f"backend/tests/{name}", "content": code}),
        tool_use("run_tests", {}),
        tool_use("finish", {"summary": "tests"}),
    )
    result = run_45(blog, "--no-review")
    assert result.exit_code == 0, result.output


def results_of(fake_api) -> list[dict]:
    """Every tool_result block the agent received, in order."""
    return [
        block
        for body in fake_api.requests
        for block in body["messages"][-1]["content"]
        if block.get("type") == "tool_result"
    ]


def commits_touching(blog: Path, path: str) -> str:
    return subprocess.run(
        ["git", "log", "--all", "--format=%H", "--", path], cwd=blog, capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip


def test_a_test_file_cannot_plant_a_git_hook_that_forges_commits(blog, fake_api):
    run_a_test_file(blog, fake_api, "test_plant.py", PLANT_HOOK)
    assert not (blog / ".git" / "hooks" / "post-commit").exists()
    assert commits_touching(blog, ".github") == ""
    assert fake_api.errors == []


def test_a_hook_in_git_never_runs_when_stackcrew_commits(blog, fake_api):
    hook = blog / ".git" / "hooks" / "post-commit"
    hook.write_text(HOOK)
    hook.chmod(0o755)
    fake_api.add(
        tool_use("write_file", {"path": "backend/app/routers/extra.py", "content": "X = 1\n"}),
        tool_use("finish", {"summary": "router"}),
    )
    result = run_45(blog, "--no-review")
    assert result.exit_code == 0, result.output
    assert commits_touching(blog, ".github") == ""
    assert not (blog / ".github").exists()


def test_allowed_commands_cannot_write_outside_the_agents_files(blog, fake_api, tmp_path):
    outside = tmp_path / "outside.py"
    outside.write_text("x=1\n")
    sprint = (blog / "project_state" / "current-sprint.json").read_text()
    model = (blog / "backend/app/models/user.py").read_text()
    hostile = [
        ["ruff", "check", "--output-file", "project_state/current-sprint.json", "backend"],
        ["ruff", "check", f"--output-file={tmp_path}/report.txt", "backend"],
        ["ruff", "check", "-o.git/info/exclude", "backend"],
        ["ruff", "check", "--fix", "backend/app/models"],
        ["ruff", "check", "--config", "output-file='.env'", "backend"],
        ["ruff", "format", str(outside)],
        ["ruff", "format", "backend"],
    ]
    fake_api.add(
        *[tool_use("run_command", {"argv": argv}) for argv in hostile],
        tool_use("run_command", {"argv": ["ruff", "check", "backend/app"]}),
        tool_use("finish", {"summary": "lint"}),
    )
    result = run_45(blog, "--no-review")
    assert result.exit_code == 0, result.output
    answers = results_of(fake_api)
    assert [a.get("is_error", False) for a in answers[: len(hostile) + 1]] == [True] * len(
        hostile
    ) + [False]
    assert "outside the repository" in answers[1]["content"]
    assert "do not own" in answers[3]["content"] and "do not own" in answers[6]["content"]
    assert outside.read_text() == "x=1\n" and not (tmp_path / "report.txt").exists()
    assert json.loads(sprint) and (blog / "project_state" / "current-sprint.json").exists()
    assert (blog / "backend/app/models/user.py").read_text() == model
    assert not (blog / ".env").exists()
    assert b"" == subprocess.run(["git", "diff", "main", "--", ".git"], cwd=blog,
                                 capture_output=True, check=True).stdout  # fmt: skip


CODE_WRITING_EVERYWHERE = """import os, pathlib, subprocess

TOP = pathlib.Path(subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip())
TARGETS = [
    {outside!r},
    str(TOP / ".git" / "info" / "exclude"),
    str(TOP / ".git" / "config"),
    str(TOP / "project_state" / "project.json"),
    str(TOP / ".env"),
    str(TOP / "backend" / "app" / "models" / "user.py"),
    str(TOP / "backend" / "app" / "models" / "ghost.py"),
]


def test_write_everywhere():
    for target in TARGETS:
        try:
            with open(target, "a") as stream:
                stream.write("owned = True\\n")
        except OSError as exc:
            print("refused:", target, exc)
"""


def _tree_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and "objects" not in p.parts and p.name != "index"
    }


def test_code_run_by_run_tests_changes_nothing_outside_the_agents_files(blog, fake_api, tmp_path):
    outside = tmp_path / "outside.txt"
    code = CODE_WRITING_EVERYWHERE.format(outside=str(outside))
    git_before = _tree_files(blog / ".git")
    state_before = _tree_files(blog / "project_state")
    run_a_test_file(blog, fake_api, "test_everywhere.py", code)
    ran = results_of(fake_api)[1]
    assert ran["is_error"] and "put back" in ran["content"]
    assert "backend/app/models/ghost.py" in ran["content"]
    assert not (blog / ".env").exists() and not (blog / "backend/app/models/ghost.py").exists()
    assert "owned = True" not in (blog / "backend/app/models/user.py").read_text()
    for name in ("info/exclude", "config", "hooks/pre-commit.sample"):
        assert _tree_files(blog / ".git")[name] == git_before[name]
    assert "owned = True" not in (blog / "project_state/project.json").read_text()
    assert set(state_before) <= set(_tree_files(blog / "project_state"))
    from orchestrator.confinement import confinement_available

    if not confinement_available():
        pytest.skip("no mount namespace here: writes outside the repository are not stopped")
    assert not outside.exists()


def test_write_file_never_follows_a_link_out_and_keeps_the_mode(blog, fake_api, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("keep\n")
    routers = blog / "backend" / "app" / "routers"
    (routers / ".posts.py.stackcrew-tmp").symlink_to(secret)
    (routers / "link.py").symlink_to(secret)
    script = routers / "run.sh"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    subprocess.run(["git", "add", "-A"], cwd=blog, check=True)
    subprocess.run(["git", "commit", "-qm", "links"], cwd=blog, check=True)
    fake_api.add(
        tool_use("write_file", {"path": "backend/app/routers/posts.py", "content": "A = 1\n"}),
        tool_use("write_file", {"path": "backend/app/routers/link.py", "content": "B = 2\n"}),
        tool_use("write_file", {"path": "backend/app/routers/run.sh", "content": "#!/bin/sh\n:\n"}),
        tool_use("finish", {"summary": "router"}),
    )
    result = run_45(blog, "--no-review")
    assert result.exit_code == 0, result.output
    first, second, third = results_of(fake_api)[:3]
    assert not first.get("is_error") and not third.get("is_error")
    assert second["is_error"] and "outside the repository" in second["content"]
    assert secret.read_text() == "keep\n"
    assert (routers / "posts.py").read_text() == "A = 1\n"
    assert script.stat().st_mode & 0o777 == 0o755
    assert not [
        p for p in routers.iterdir() if p.name.endswith(".stackcrew-tmp") and not p.is_symlink()
    ]


def test_a_catastrophic_regex_is_stopped_and_the_run_goes_on(blog, fake_api):
    (blog / "backend/app/routers/slow.py").write_text("x = '" + "a" * 40 + "!'\n")
    with open(blog / "stackcrew.yaml", "a", encoding="utf-8") as config:
        config.write("limits: {search_seconds: 1}\n")  # the configured bound, not the default
    subprocess.run(["git", "add", "-A"], cwd=blog, check=True)
    subprocess.run(["git", "commit", "-qm", "slow"], cwd=blog, check=True)
    fake_api.add(
        tool_use("search_code", {"regex": "(a+)+$", "glob": "backend/**/*.py"}),
        tool_use("finish", {"summary": "searched"}),
    )
    result = run_45(blog, "--no-review", "--json")
    assert result.exit_code == 0, result.output
    searched = results_of(fake_api)[0]
    assert searched["is_error"] and "took longer than 1 s and was stopped" in searched["content"]


def test_a_reply_that_is_not_json_stops_cleanly_and_resume_continues(blog, fake_api):
    fake_api.add("badjson")
    result = run_45(blog, "--no-review", "--json")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    shown = json.loads(result.stdout)
    (step,) = shown["steps"]
    assert step["status"] == "blocked" and "not JSON" in step["reason"]
    fake_api.add(tool_use("finish", {"summary": "done after resume"}))
    again = orchestrate("resume", shown["run_id"], "--no-review", "--project", blog)
    assert again.exit_code == 0, again.output


UNICODE_FILES = """import pathlib, subprocess

TOP = pathlib.Path(subprocess.check_output(["git", "rev-parse", "--show-toplevel"], text=True).strip())


def test_names():
    (TOP / "backend" / "app" / "routers" / "café.py").write_text("MINE = 1\\n")
    (TOP / "backend" / "app" / "models" / "café.py").write_text("THEIRS = 1\\n")
"""


def test_files_with_non_ascii_names_are_committed_or_put_back_by_name(blog, fake_api):
    run_a_test_file(blog, fake_api, "test_names.py", UNICODE_FILES)
    assert "backend/app/models/café.py" in results_of(fake_api)[1]["content"]
    assert not (blog / "backend/app/models/café.py").exists()
    listed = subprocess.run(["git", "ls-tree", "-r", "-z", "--name-only", "HEAD"], cwd=blog,
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "backend/app/routers/café.py" in listed.split("\0")


LINGERING_WRITER = f"""import subprocess, sys

HOOK = {HOOK!r}
LATER = (
    "import pathlib, subprocess, time; time.sleep(1); "
    "top = subprocess.check_output(['git', 'rev-parse', '--show-toplevel'], text=True).strip(); "
    "hook = pathlib.Path(top, '.git', 'hooks', 'post-commit'); "
    "hook.write_text(" + repr(HOOK) + "); hook.chmod(0o755)"
)


def test_leave_a_writer_behind():
    subprocess.Popen([sys.executable, "-c", LATER], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
"""


def finish_later(body):
    time.sleep(3)  # the lingering writer has had its chance before the step ends
    return tool_use("finish", {"summary": "tests"})


def test_a_process_left_running_by_the_tests_cannot_plant_a_hook(blog, fake_api):
    fake_api.add(
        tool_use(
            "write_file", {"path": "backend/tests/test_linger.py", "content": LINGERING_WRITER}
        ),
        tool_use("run_tests", {}),
        finish_later,
    )
    result = run_45(blog, "--no-review")
    assert result.exit_code == 0, result.output
    assert not (blog / ".git" / "hooks" / "post-commit").exists()
    assert commits_touching(blog, ".github") == ""
