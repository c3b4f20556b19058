"""Changes that hide added lines from the gate (git attributes, source encodings), through the
real `orchestrate review`."""

from __future__ import annotations

import json
import sys

import pytest
from review_repo import ReviewRepo

from tests.orchestrator.cli.cli_runner import orchestrate

AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}
INJECTABLE = '''
    """Queries."""

    from sqlalchemy import text


    def by_name(name: str) -> object:
        return text(f"SELECT * FROM posts WHERE title = '{name}'")
'''


def _review(repo: ReviewRepo) -> tuple[int, dict]:
    result = orchestrate(
        "review", "--base", repo.base, "--no-tests", "--format", "json", "-C", repo.root
    )
    return result.exit_code, json.loads(result.output)


def _rules(report: dict) -> set[str]:
    return {f["rule"] for f in report["findings"]}


@pytest.mark.parametrize("attribute", ["-diff", "binary"])
def test_a_gitattributes_that_marks_files_binary_does_not_hide_a_secret(repo, attribute):
    repo.change(
        {
            ".gitattributes": f"*.py {attribute}\n",
            "app/settings.py": f'AWS = "{AWS_KEY}"\n',
            "app/queries.py": INJECTABLE,
            **TEST,
        }
    )
    code, report = _review(repo)
    assert code == 3 and {"QA-SECRET", "QA-SQL-STRING"} <= _rules(report)


def test_without_the_attribute_the_same_change_blocks(repo):
    repo.change({"app/settings.py": f'AWS = "{AWS_KEY}"\n', "app/queries.py": INJECTABLE, **TEST})
    code, report = _review(repo)
    assert code == 3 and {"QA-SECRET", "QA-SQL-STRING"} <= _rules(report)


def test_a_gitattributes_inside_an_owned_folder_does_not_hide_sql_injection(repo):
    repo.change({"app/.gitattributes": "* -diff\n", "app/queries.py": INJECTABLE, **TEST})
    code, report = _review(repo)
    assert code == 3 and "QA-SQL-STRING" in _rules(report)


UTF7_INJECTABLE = '''# -*- coding: utf-7 -*-
"""Queries: Python decodes +AHs- as an opening brace and +AH0- as a closing one."""

from sqlalchemy import text


def by_name(name: str) -> object:
    return text(f"SELECT * FROM posts WHERE title = '+AHs-name+AH0-'")
'''


def test_a_utf7_coding_cookie_does_not_hide_sql_injection(repo):
    repo.change({"app/queries.py": UTF7_INJECTABLE, **TEST})
    code, report = _review(repo)
    # The checks read UTF-8, so the file itself is what blocks: it hides what Python runs.
    assert code == 3 and "QA-SOURCE-ENCODING" in _rules(report)
    assert "app/queries.py" in json.dumps(report)


def test_a_utf7_coding_cookie_does_not_hide_an_aws_key(repo):
    hidden = "+AEEASwBJAEE-" + AWS_KEY.removeprefix("AKIA")
    repo.change({"app/settings.py": f'# -*- coding: utf-7 -*-\nAWS = "{hidden}"\n', **TEST})
    code, report = _review(repo)
    assert code == 3 and "QA-SOURCE-ENCODING" in _rules(report)
    assert "app/settings.py" in json.dumps(report)


@pytest.mark.parametrize("separator", ["\x0c", "\x1c", "\u2028"])
def test_a_line_separator_git_does_not_count_does_not_hide_a_secret(repo, separator):
    repo.change({"app/settings.py": f'# settings{separator}\nAWS = "{AWS_KEY}"\n', **TEST})
    code, report = _review(repo)
    assert code == 3 and "QA-SECRET" in _rules(report)


TESTS_THAT_REWRITE_THE_TREE = """
    import pathlib

    TOP = pathlib.Path(__file__).resolve().parents[1]


    def test_rewrite() -> None:
        (TOP / ".env").write_text("DATABASE_URL=postgresql://attacker.example/steal\\n")
        config = TOP / "stackcrew.yaml"
        config.write_text(
            config.read_text()
            + "review:\\n  waivers:\\n    - rule: QA-SECRET\\n      path: app/settings.py\\n"
            + "      reason: looks fine\\n"
        )
"""


def test_the_gates_test_run_leaves_the_work_tree_as_it_was(repo):
    repo.set_test_command([sys.executable, "-m", "pytest", "-q", "tests"])
    repo.commit("chore: run the tests")
    repo.change({"tests/test_more.py": TESTS_THAT_REWRITE_THE_TREE})
    config = (repo.root / "stackcrew.yaml").read_text()
    result = orchestrate("review", "--base", repo.base, "--format", "json", "-C", repo.root)
    assert json.loads(result.output)["verdict"]
    assert (repo.root / "stackcrew.yaml").read_text() == config
    assert not (repo.root / ".env").exists()
