"""`benchmarks/gate_history_bench.py` on a small history of its own: per-rule counts, the
judged false findings matched by commit, rule and file, and a verdict for each goal."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from bench_runner import verdicts

pytestmark = pytest.mark.slow


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip


def _history(blog: Path) -> str:
    """Two commits on the blog example: a secret in source, then a service without a test."""
    (blog / "backend/app/keys.py").write_text('AWS = "AKIAZ7Q4X2VB8N3M5K1J"\n')
    _git(blog, "add", "-A")
    _git(blog, "commit", "-qm", "keys")
    keys = _git(blog, "rev-parse", "HEAD")
    (blog / "backend/app/services/extra.py").write_text("def one() -> int:\n    return 1\n")
    _git(blog, "add", "-A")
    _git(blog, "commit", "-qm", "service")
    return keys


def test_rules_are_counted_and_judged_false_findings_fail_their_goal(run_bench, blog, tmp_path):
    keys = _history(blog)
    judgements = tmp_path / "judged.json"
    judgements.write_text(json.dumps({"repositories": {"blog": {
        "head": _git(blog, "rev-parse", "HEAD"), "commits": 2,
        "read": {"QA-SECRET": 1, "QA-TESTS-MISSING": 1},
        "false": [{"commit": keys[:10], "rule": "QA-SECRET", "file": "backend/app/keys.py",
                   "why": "judged so to see the goal fail"}],
    }}}))  # fmt: skip
    before = _git(blog, "status", "--porcelain") + _git(blog, "rev-parse", "HEAD")
    done = run_bench("gate_history_bench.py", "--repo", blog, "--name", "blog", "--commits",
                     "2", "--no-tests", "--judgements", judgements)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()[3:]
            if line.startswith(("QA-", "RUFF-"))}  # fmt: skip
    assert rows["QA-SECRET"] == ["1", "1", "1", "1"]  # fired, commits, read, false
    assert rows["QA-TESTS-MISSING"] == ["2", "2", "1", "0"]  # both commits, one read
    goals = verdicts(done.stdout)
    assert any("QA-SECRET false findings" in g and g.endswith("MISSED") for g in goals)
    assert any("QA-TESTS-MISSING false findings" in g and g.endswith(" MET") for g in goals)
    assert any("rest on the environment: 0" in g and g.endswith(" MET") for g in goals)
    assert _git(blog, "status", "--porcelain") + _git(blog, "rev-parse", "HEAD") == before


def test_a_malformed_judgements_file_names_the_key(run_bench, blog, tmp_path):
    judgements = tmp_path / "judged.json"
    judgements.write_text(json.dumps({"repositories": {"blog": {"head": "x", "commits": 1,
                                                                 "read": {}, "extra": 1}}}))  # fmt: skip
    done = run_bench("gate_history_bench.py", "--repo", blog, "--judgements", judgements)
    assert done.returncode != 0
    assert f"{judgements}: repositories.blog.extra" in done.stderr
