"""Repositories in states a run cannot start from: refused with the state and what to do."""

from __future__ import annotations

import subprocess
from pathlib import Path

from cli_runner import agent, orchestrate


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_project_option_naming_a_file_is_refused(blog: Path):
    result = orchestrate("issue", "list", "--project", blog / "README.md")
    assert result.exit_code == 2
    assert "README.md: is a file" in result.output


def test_project_option_naming_a_file_is_refused_by_consult_too(blog: Path):
    result = agent("consult", "fastapi", "user endpoints?", "--project", blog / "README.md")
    assert result.exit_code == 2
    assert "README.md: is a file" in result.output


def test_project_option_naming_a_missing_folder_is_refused(blog: Path):
    result = orchestrate("issue", "list", "--project", blog / "nope")
    assert result.exit_code == 2
    assert "nope: does not exist" in result.output


def test_direct_in_a_repository_without_commits_asks_for_a_first_commit(tmp_path: Path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = orchestrate("direct", "fastapi", "add a health check", "--project", tmp_path)
    assert result.exit_code == 1, result.output
    assert "no commits yet" in result.output and "git commit" in result.output


def test_run_on_a_detached_head_is_refused_and_changes_nothing(blog: Path):
    git(blog, "checkout", "-q", "--detach")
    result = orchestrate("run", "--issue", "45", "--project", blog)
    assert result.exit_code == 1, result.output
    assert "HEAD is detached" in result.output and "git switch" in result.output
    assert git(blog, "rev-parse", "--abbrev-ref", "HEAD") == "HEAD"
    assert git(blog, "for-each-ref", "--format=%(refname:short)", "refs/heads") == "main"


def test_merge_on_a_detached_head_or_onto_a_commit_is_refused(blog: Path):
    assert orchestrate("run", "--issue", "45", "--project", blog).exit_code == 0
    git(blog, "checkout", "-q", "--detach", "main")
    result = orchestrate("merge", "--pr", "1", "--project", blog)
    assert result.exit_code == 1, result.output
    assert "HEAD is detached" in result.output
    assert git(blog, "rev-parse", "--abbrev-ref", "HEAD") == "HEAD"
    git(blog, "switch", "-q", "main")
    prs = blog / "project_state" / "prs.json"
    sha = git(blog, "rev-parse", "main")
    prs.write_text(prs.read_text().replace('"base": "main"', f'"base": "{sha}"'))
    result = orchestrate("merge", "--pr", "1", "--project", blog)
    assert result.exit_code == 1, result.output
    assert "which is not a branch" in result.output
