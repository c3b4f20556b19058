"""`agent consult` answered without the CLI framework: same output, or not at all."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.cli.quick_commands import Request, parse_request
from orchestrator.cli.quick_commands import answer_quickly as answer_any
from tests.orchestrator.cli.cli_runner import agent
from tests.orchestrator.index.cache.aged import age


def answer_quickly(argv: list[str]) -> bool:
    return answer_any(argv, "agent")


def consult(agent_name: str, question: str, project: str | None, as_json: bool) -> Request:
    options: dict[str, str | bool] = {"--json": True} if as_json else {}
    return Request(("consult",), options, project, (agent_name, question))


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_the_quick_answer_is_the_full_answer(blog: Path, capsys, extra: list[str]) -> None:
    args = ["consult", "fastapi", "user endpoints?", "--project", str(blog), *extra]
    assert not answer_quickly(args), "no card yet: the full command answers"
    full = agent(*args)
    assert full.exit_code == 0, full.output
    capsys.readouterr()
    assert answer_quickly(args)
    assert capsys.readouterr().out == full.stdout
    if extra:
        assert {"method", "path"} <= set(json.loads(full.stdout)["facts"]["routes"][0])


def _carded(blog: Path) -> list[str]:
    args = ["consult", "database", "models?", "--project", str(blog)]
    assert agent(*args).exit_code == 0
    return args


def test_an_edited_config_sends_the_question_the_full_way_once(blog: Path) -> None:
    args = _carded(blog)
    config = blog / "stackcrew.yaml"
    config.write_text(config.read_text() + "engine: offline\n")
    assert not answer_quickly(args)
    assert agent(*args).exit_code == 0  # validated again: the card is written anew
    assert answer_quickly(args)


def test_a_config_error_is_reported_by_the_full_command(blog: Path) -> None:
    args = _carded(blog)
    config = blog / "stackcrew.yaml"
    config.write_text(config.read_text() + "engin: offline\n")
    assert not answer_quickly(args)
    result = agent(*args)
    assert result.exit_code != 0
    assert "engin" in result.output


def test_a_new_agent_file_sends_the_question_the_full_way(blog: Path) -> None:
    args = _carded(blog)
    folder = blog / ".claude" / "agents"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "billing.md").write_text("---\nname: billing\ndescription: bills\n---\nBody.\n")
    assert not answer_quickly(args)


def test_unknown_agents_qa_and_configured_models_go_the_full_way(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = _carded(blog)
    assert not answer_quickly(["consult", "billing", "models?", "--project", str(blog)])
    assert not answer_quickly(["consult", "qa", "open findings?", "--project", str(blog)])
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    assert not answer_quickly(args)


def test_a_missing_project_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    result = agent("consult", "fastapi", "user endpoints?", "--project", nowhere)
    assert result.exit_code != 0
    assert "not a directory" in result.output
    assert not nowhere.exists()


def test_the_unknown_agent_error_comes_from_the_full_command(blog: Path) -> None:
    _carded(blog)
    result = agent("consult", "billing", "models?", "--project", blog)
    assert result.exit_code != 0
    assert "unknown agent 'billing'" in result.output


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["consult", "fastapi", "q?"], consult("fastapi", "q?", None, False)),
        (["consult", "-C", "p", "vue", "q?", "--json"], consult("vue", "q?", "p", True)),
        (["consult", "vue", "q?", "--project=p"], consult("vue", "q?", "p", False)),
        (["consult", "vue", "q?", "--dry-run"], None),
        (["consult", "vue", "--help"], None),
        (["consult", "vue"], None),
        (["consult", "vue", "q?", "--project"], None),
        (["consult", "vue", "q?", "--project="], None),
        (["list"], None),
        (["log", "--limit", "5"], None),  # an `orchestrate` command
        ([], None),
    ],
)
def test_only_the_plain_form_is_parsed(argv: list[str], expected: Request | None) -> None:
    assert parse_request(argv, "agent") == expected


def test_the_project_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCREW_PROJECT", "elsewhere")
    expected = consult("vue", "q?", "elsewhere", False)
    assert parse_request(["consult", "vue", "q?"], "agent") == expected


def test_a_quick_answer_loads_no_cli_framework_and_no_pydantic(blog: Path) -> None:
    probe = (
        "import sys\n"
        "from orchestrator.cli.main import run_agent\n"
        f"sys.argv = ['agent', 'consult', 'fastapi', 'user endpoints?', '--project', {str(blog)!r}]\n"
        "try:\n    run_agent()\nexcept SystemExit as done:\n    assert not done.code\n"
        "heavy = sorted(m for m in ('typer', 'rich', 'pydantic', 'yaml') if m in sys.modules)\n"
        "print('loaded:', ','.join(heavy))\n"
    )

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    first, second = run(), run()
    assert first[-1] != "loaded: ", "the first answer validates the project"
    assert second[-1] == "loaded: "
    assert first[:-1] == second[:-1]


def _loaded_by_a_quick_answer(args: list[str], watched: list[str]) -> tuple[str, list[str]]:
    """What a fresh `agent ARGS` process prints, and which `watched` modules it loaded."""
    probe = (
        "import sys\n"
        "from orchestrator.cli.main import run_agent\n"
        f"sys.argv = ['agent', *{args!r}]\n"
        "try:\n    run_agent()\nexcept SystemExit as done:\n    assert not done.code\n"
        f"print('loaded:', *(m for m in {watched!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    printed, _, loaded = done.stdout.rpartition("loaded:")
    return printed, loaded.split()


def test_a_question_asked_again_is_answered_without_the_index(blog: Path, capsys) -> None:
    args = ["consult", "fastapi", "user endpoints?", "--project", str(blog)]
    age(blog)
    full = agent(*args)  # writes the card and the cache, so the folder holding them too
    age(blog, files=False)  # nothing just written: the tree can be recorded as it is
    assert answer_quickly(args)  # checked the full way, recorded, worked out
    assert answer_quickly(args)  # worked out from the recorded build, remembered
    capsys.readouterr()
    watched = ["orchestrator.index.facts", "orchestrator.replies.answer"]
    printed, loaded = _loaded_by_a_quick_answer(args, watched)
    assert (printed, loaded) == (full.stdout, [])


def test_an_edit_after_a_remembered_answer_is_answered_anew(blog: Path, capsys) -> None:
    args = ["consult", "fastapi", "user endpoints?", "--project", str(blog)]
    age(blog)
    agent(*args)
    age(blog, files=False)
    for _ in range(3):
        assert answer_quickly(args)
    before = capsys.readouterr().out
    users = blog / "backend" / "app" / "routers" / "users.py"
    users.write_text(
        users.read_text() + '\n\n@router.get("/{user_id}/badges")\ndef badges(user_id: int):\n'
        "    return []\n"
    )
    assert answer_quickly(args)
    after = capsys.readouterr().out
    assert "/users/{user_id}/badges" in after and "/badges" not in before
    assert after == agent(*args).stdout


# Question forms of every agent the index answers (each answer's way in `replies.answer`).
FIRST_QUESTIONS = [
    ("fastapi", "user endpoints?"),
    ("fastapi", "endpoints?"),
    ("fastapi", "GET /api/v1/users/42 response"),
    ("fastapi", "UserCreate"),
    ("fastapi", "which endpoints need a superuser?"),
    ("fastapi", "login endpoints?"),
    ("fastapi", "public post endpoints?"),
    ("fastapi", "how should we shard the items cache?"),
    ("database", "models?"),
    ("database", "users table"),
    ("database", "migrations?"),
    ("database", "relationships?"),
    ("devops", "services?"),
    ("devops", "ports?"),
    ("devops", "environment variables?"),
    ("vue", "types?"),
    ("vue", "user interfaces"),
]
# What a first question does without (each some milliseconds of a 40 ms answer).
NOT_NEEDED = ["dataclasses", "orchestrator.index.facts", "orchestrator.index.build", "typing"]
NOT_NEEDED += ["pathlib"]


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_a_first_question_is_read_from_plain_rows_and_answered_as_in_full(
    blog: Path, capsys, extra: list[str]
) -> None:
    age(blog)
    assert agent("consult", "fastapi", "models?", "--project", blog).exit_code == 0
    age(blog, files=False)
    assert answer_quickly(["consult", "fastapi", "models?", "--project", str(blog)])
    capsys.readouterr()
    for agent_name, question in FIRST_QUESTIONS:
        args = ["consult", agent_name, question, "--project", str(blog), *extra]
        shutil.rmtree(blog / ".stackcrew-cache" / "answers", ignore_errors=True)
        printed, loaded = _loaded_by_a_quick_answer(args, NOT_NEEDED)
        assert printed == agent(*args).stdout, (agent_name, question)
        if agent_name != "vue":  # the contract pairing reads the schemas' classes
            assert loaded == [], (agent_name, question)


def test_an_edit_after_a_first_question_is_answered_anew(blog: Path, capsys) -> None:
    args = ["consult", "fastapi", "user endpoints?", "--project", str(blog)]
    age(blog)
    agent(*args)
    age(blog, files=False)
    assert answer_quickly(args)  # the tree recorded as the build's
    shutil.rmtree(blog / ".stackcrew-cache" / "answers", ignore_errors=True)
    assert answer_quickly(args)  # read from plain rows
    users = blog / "backend" / "app" / "routers" / "users.py"
    users.write_text(
        users.read_text() + '\n\n@router.get("/{user_id}/badges")\ndef badges(user_id: int):\n'
        "    return []\n"
    )
    shutil.rmtree(blog / ".stackcrew-cache" / "answers")
    before = capsys.readouterr().out
    assert answer_quickly(args)
    after = capsys.readouterr().out
    assert "/users/{user_id}/badges" in after and "/badges" not in before
