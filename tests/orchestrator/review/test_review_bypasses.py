"""Changes that try to slip past the gate, reviewed through the real `orchestrate review`."""

from __future__ import annotations

import json
import subprocess

from review_repo import ReviewRepo

from tests.orchestrator.cli.cli_runner import orchestrate

AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}


def _review(repo: ReviewRepo) -> tuple[int, dict]:
    result = orchestrate(
        "review", "--base", repo.base, "--no-tests", "--format", "json", "-C", repo.root
    )
    return result.exit_code, json.loads(result.output)


def _found(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


def test_a_noqa_written_by_the_change_does_not_silence_sql_injection(repo):
    repo.change(
        {
            "app/queries.py": '''
                """Queries."""

                from sqlalchemy import text


                def by_name(name: str) -> object:
                    q = f"SELECT * FROM posts WHERE title = '{name}'"  # noqa: S608
                    return text(q)
            ''',
            **TEST,
        }
    )
    code, report = _review(repo)
    ruff = _found(report, "RUFF-S608")
    assert code == 3 and report["verdict"] == "BLOCK"
    assert ruff and ruff[0]["inline"] == "# noqa: S608" and ruff[0]["waived"] is None
    assert report["counts"]["inline_waivers"] >= 1
    assert [f["line"] for f in _found(report, "QA-SQL-STRING")] == [8]


def test_sql_built_by_join_or_format_of_a_module_constant_blocks(repo):
    repo.change(
        {
            "app/queries.py": '''
                """Queries."""

                from sqlalchemy import text

                Q = "SELECT * FROM posts WHERE title = '{}'"


                def by_name(name: str) -> object:
                    return text(Q.format(name))


                def by_parts(name: str) -> object:
                    return text("".join(["SELECT * FROM posts WHERE title = '", name, "'"]))


                def by_local(name: str) -> object:
                    where = " WHERE title = '%s'" % name
                    query = "SELECT * FROM posts"
                    query += where
                    return text(query)
            ''',
            **TEST,
        }
    )
    code, report = _review(repo)
    assert code == 3
    assert sorted(f["line"] for f in _found(report, "QA-SQL-STRING")) == [9, 13, 20]


def test_bound_parameters_are_not_built_sql(repo):
    repo.change(
        {
            "app/queries.py": '''
                """Queries."""

                from sqlalchemy import text

                Q = "SELECT * FROM posts WHERE title = :title"


                def by_name(name: str) -> object:
                    return text(Q).bindparams(title=name)
            ''',
            **TEST,
        }
    )
    code, report = _review(repo)
    assert _found(report, "QA-SQL-STRING") == [] and code == 0


def test_an_inline_allowlist_is_shown_as_a_waiver_and_still_blocks(repo):
    repo.change({"app/settings.py": f'AWS = "{AWS_KEY}"  # pragma: allowlist secret\n', **TEST})
    code, report = _review(repo)
    secret = _found(report, "QA-SECRET")
    assert code == 3 and len(secret) == 1
    assert secret[0]["inline"] == "# pragma: allowlist secret" and secret[0]["waived"] is None


def test_a_config_waiver_accepts_an_inline_allowlisted_secret(repo):
    repo.append(
        "stackcrew.yaml",
        "review:\n  waivers:\n    - rule: QA-SECRET\n      path: app/settings.py\n"
        "      reason: the documented example key of the AWS docs\n",
    )
    repo.base = repo.commit("chore: waive the documented key")  # configured before the change
    repo.change({"app/settings.py": f'AWS = "{AWS_KEY}"  # pragma: allowlist secret\n', **TEST})
    code, report = _review(repo)
    secret = _found(report, "QA-SECRET")
    assert code == 0 and secret[0]["waived"] and secret[0]["inline"]


def test_secrets_in_lock_files_and_svgs_are_found(repo):
    repo.change(
        {
            "frontend/creds.lock": f"aws_access_key_id = {AWS_KEY}\n",
            "frontend/logo.svg": f'<svg><!-- key: "{AWS_KEY}" --></svg>\n',
        }
    )
    code, report = _review(repo)
    assert code == 3
    assert {f["file"] for f in _found(report, "QA-SECRET")} == {
        "frontend/creds.lock",
        "frontend/logo.svg",
    }


def test_binary_content_is_not_scanned(repo):
    (repo.root / "app/blob.bin").write_bytes(b"\x00\x01" + AWS_KEY.encode() + b"\x00")
    repo.commit()
    assert _found(_review(repo)[1], "QA-SECRET") == []


def test_a_secret_removed_in_a_later_commit_is_still_found_after_a_merge(repo):
    subprocess.run(["git", "checkout", "-qb", "feature"], cwd=repo.root, check=True)
    first = repo.change({"app/settings.py": f'AWS = "{AWS_KEY}"\n', **TEST})
    repo.change({"app/settings.py": 'import os\n\nAWS = os.environ["AWS"]\n'})
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo.root, check=True)
    subprocess.run(
        ["git", "merge", "-q", "--no-ff", "-m", "merge feature", "feature"],
        cwd=repo.root, check=True, capture_output=True,
    )  # fmt: skip
    code, report = _review(repo)
    secret = _found(report, "QA-SECRET")
    assert code == 3 and len(secret) == 1
    assert secret[0]["file"] == "app/settings.py" and first[:8] in secret[0]["message"]


def test_non_ascii_and_spaced_file_names_keep_their_added_lines(repo):
    repo.change(
        {"app/café.py": 'AWS = "' + AWS_KEY + '"\n', "app/my notes.txt": f"k {AWS_KEY}\n", **TEST}
    )
    code, report = _review(repo)
    assert code == 3
    assert [(f["file"], f["line"]) for f in _found(report, "QA-SECRET")] == [
        ("app/café.py", 1),
        ("app/my notes.txt", 1),
    ]


def test_a_change_to_function_bodies_alone_does_not_index_the_repository(repo):
    repo.change(
        {
            "app/services.py": '"""Services."""\n\n\ndef total(values: list[int]) -> int:\n'
            "    return sum(values)\n",
            **TEST,
        }
    )
    code, _ = _review(repo)
    assert code == 0 and not (repo.root / ".stackcrew-cache" / "index").exists()


def test_a_change_that_declares_a_model_still_indexes_and_asks_for_a_migration(repo):
    repo.append("app/models/post.py", "    views: Mapped[int] = mapped_column(default=0)\n")
    repo.change(TEST)
    code, report = _review(repo)
    assert code == 1 and _found(report, "QA-MIGRATION-MISSING")


def test_a_file_name_git_quotes_keeps_its_added_lines(repo):
    repo.change({'app/we "ird"\tname.txt': f"key = {AWS_KEY}\n"})
    code, report = _review(repo)
    assert code == 3
    assert [f["file"] for f in _found(report, "QA-SECRET")] == ['app/we "ird"\tname.txt']


def test_per_file_ignores_the_change_adds_do_not_silence_ruff(repo):
    repo.change(
        {
            "pyproject.toml": '[tool.ruff.lint.per-file-ignores]\n"app/*" = ["S", "T20"]\n',
            "app/queries.py": "def by_name(name: str) -> str:\n    print(name)\n"
            "    return f\"SELECT * FROM posts WHERE title = '{name}'\"\n",
            **TEST,
        }
    )
    code, report = _review(repo)
    assert code == 3 and _found(report, "RUFF-S608") and _found(report, "RUFF-T201")


def test_a_change_cannot_waive_its_own_findings(repo):
    repo.append(
        "stackcrew.yaml",
        "review:\n  waivers:\n    - rule: QA-SECRET\n      path: app/settings.py\n"
        "      reason: the change says its key is fine\n  rules:\n    QA-TESTS-MISSING: {enabled: false}\n",
    )
    repo.change({"app/settings.py": f'AWS = "{AWS_KEY}"\n'})
    code, report = _review(repo)
    assert code == 3  # the base's config reviews it: no waiver, every rule on
    assert not _found(report, "QA-SECRET")[0]["waived"]
    assert _found(report, "QA-TESTS-MISSING")


def test_a_change_cannot_widen_an_agents_ownership_with_its_own_agent_file(repo):
    """The change redefines the vue agent to own everything, then commits as vue outside
    vue's files: the base's agents judge it."""
    everything = "---\nname: vue\ndescription: owns it all now\nowns: ['**']\n---\nYou are vue.\n"
    repo.change({".stackcrew/agents/vue.md": everything, "app/services.py": "X = 1\n", **TEST},
                agent="vue")  # fmt: skip
    code, report = _review(repo)
    assert code == 3
    blocked = {f["file"] for f in _found(report, "QA-OWNERSHIP")}
    assert {"app/services.py", "tests/test_more.py"} <= blocked


def test_an_agent_file_already_on_base_still_counts(repo):
    """Agents the base defines are the gate's: a project's own agent keeps its files."""
    own = "---\nname: vue\ndescription: the project's vue\nowns: ['app/']\n---\nYou are vue.\n"
    repo.change({".stackcrew/agents/vue.md": own}, message="chore: agents")
    repo.base = repo.commit("chore: base")
    repo.change({"app/services.py": "X = 1\n"}, agent="vue")
    _, report = _review(repo)
    assert not _found(report, "QA-OWNERSHIP"), report["findings"]
