"""SQL built from strings that reaches a sink the SQL rule does not recognise, through the
real `orchestrate review`."""

from __future__ import annotations

import json
import runpy

import pytest
from review_repo import ReviewRepo

from tests.orchestrator.cli.cli_runner import orchestrate

TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}
HEADER = '"""Queries."""\n\nimport sqlalchemy\nfrom sqlalchemy import text\n'
Q = "\nQ = \"SELECT * FROM posts WHERE title = '%s'\"\n"
HIDDEN = {
    "keyword": HEADER + "\n\ndef by_name(name: str) -> object:\n"
    '    return text(text="".join(["SELECT * FROM posts WHERE title = \'", name, "\'"]))\n',
    "alias": '"""Queries."""\n\nfrom sqlalchemy import text as sql\n'
    + Q
    + "\n\ndef by_name(name: str) -> object:\n    return sql(Q % name)\n",
    "str_format": HEADER
    + Q.replace("%s", "{}")
    + "\n\ndef by_name(name: str) -> object:\n    return text(str.format(Q, name))\n",
    # the sink's name in fullwidth letters, which Python reads as `text`: the file spells
    # no sink's name in ASCII
    "fullwidth": '"""Queries."""\n\nfrom sqlalchemy import \uff54\uff45\uff58\uff54\n'
    + Q
    + "\n\ndef by_name(name: str) -> object:\n    return \uff54\uff45\uff58\uff54(Q % name)\n",
}


def _review(repo: ReviewRepo) -> tuple[int, dict]:
    result = orchestrate(
        "review", "--base", repo.base, "--no-tests", "--format", "json", "-C", repo.root
    )
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize("form", sorted(HIDDEN))
def test_each_form_runs_as_injectable_sql(form, tmp_path):
    module = tmp_path / f"{form}.py"
    module.write_text(HIDDEN[form], encoding="utf-8")
    built = runpy.run_path(str(module))["by_name"]("x' OR '1'='1")
    assert "OR '1'='1'" in str(built)


@pytest.mark.parametrize("form", sorted(HIDDEN))
def test_sql_built_for_a_sink_in_another_spelling_blocks(repo, form):
    repo.change({"app/queries.py": HIDDEN[form], **TEST})
    code, report = _review(repo)
    assert code == 3, [f["rule"] for f in report["findings"]]
