"""A change that commits stackcrew's cache (``git add -f .stackcrew-cache/…``) to hand the
gate forged facts, reviewed as CI does: `orchestrate review --base origin/main` in a fresh
clone of the pull request."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from review_repo import ReviewRepo

from orchestrator.index import build_index
from orchestrator.index.cache.store import CACHE_DIR
from orchestrator.index.files.file_facts import content_hash
from tests.orchestrator.cli.cli_runner import orchestrate

TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}
# Appended to the last class of each file: the response model gains a password
# (QA-SENSITIVE-RESPONSE), the table a column with no revision (QA-MIGRATION-MISSING).
PASSWORD = ("app/schemas.py", "    password: str\n")
COLUMN = ("app/models/post.py", "    body: Mapped[str] = mapped_column(String(2000))\n")
FILES_JSON = f"{CACHE_DIR}/files.json"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def ci_review(repo: ReviewRepo, branch: str, at: Path) -> tuple[int, dict]:
    """The gate as a CI job runs it: a fresh clone, the pull request's branch checked out."""
    git(repo.root.parent, "clone", "-q", "-b", branch, str(repo.root), str(at))
    result = orchestrate(
        "review", "--base", "origin/main", "--no-tests", "--format", "json", "-C", at
    )
    return result.exit_code, json.loads(result.output)


def found(report: dict, rule: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == rule]


def propose(repo: ReviewRepo, branch: str, addition: tuple[str, str]) -> None:
    """A branch off the checked-out commit with `addition` appended and a test added."""
    git(repo.root, "switch", "-q", "-c", branch)
    repo.append(*addition)
    repo.change(TEST)


def force_add(repo: ReviewRepo, path: str, message: str) -> None:
    git(repo.root, "add", "-f", "--", path)
    repo.commit(message)


def forge_files_json(repo: ReviewRepo) -> None:
    """Base's honest facts for app/schemas.py, stamped with the hash of head's content."""
    cache = repo.root / FILES_JSON
    document = json.loads(cache.read_text())
    entry = document["files"]["app/schemas.py"]
    entry[0] = content_hash((repo.root / "app/schemas.py").read_bytes())
    # UTF-16, which json reads as well: with its NUL bytes, the secrets scan skips the file
    # as binary instead of blocking the hex hashes
    cache.write_bytes(json.dumps(document).encode("utf-16"))


def test_a_pull_request_with_forged_index_facts_is_blocked_naming_the_cache(repo, tmp_path):
    assert orchestrate("index", "--project", repo.root).exit_code == 0  # facts of base
    propose(repo, "feature/leaky", PASSWORD)
    forge_files_json(repo)
    force_add(repo, FILES_JSON, "chore: warm the index cache")
    code, report = ci_review(repo, "feature/leaky", tmp_path / "ci")
    committed = found(report, "QA-CACHE-COMMITTED")
    assert code == 3 and report["verdict"] == "BLOCK", report
    assert [f["file"] for f in committed] == [FILES_JSON]
    assert committed[0]["severity"] == "block" and FILES_JSON in committed[0]["message"]
    # the forged facts did not shape the other findings: the password is still seen
    assert found(report, "QA-SENSITIVE-RESPONSE"), report
    # nor does any other index believe it while git tracks it (project_state/cache_trust.py)
    assert response_fields(tmp_path / "ci") == ["id", "title", "password"]


def response_fields(root: Path) -> list[str]:
    schemas = {s.name: s for s in build_index(root, background=False).schemas}
    return [f.name for f in schemas["PostResponse"].fields]


def test_the_same_pull_request_without_the_cache_is_blocked_for_its_password(repo, tmp_path):
    propose(repo, "feature/leaky", PASSWORD)
    code, report = ci_review(repo, "feature/leaky", tmp_path / "ci")
    assert code == 3 and found(report, "QA-SENSITIVE-RESPONSE")
    assert not found(report, "QA-CACHE-COMMITTED")


def forge_base_index(repo: ReviewRepo, ci_root: Path) -> None:
    """The base index the gate will look up for the planned change, said to be head's own
    index (the new column already there), for the CI checkout's path, put on main."""
    assert orchestrate("review", "--base", "main", "--no-tests", "-C", repo.root).exit_code == 1
    cache = repo.root / CACHE_DIR
    (key,) = (cache / "base").iterdir()
    for section in cache.glob("ready*.json"):
        shutil.copy(section, key / section.name)
    ready = json.loads((key / "ready.json").read_text())
    ready.update(root=str(ci_root), manifest={})
    (key / "ready.json").write_text(json.dumps(ready))
    head = git(repo.root, "rev-parse", "HEAD")
    git(repo.root, "switch", "-q", "main")
    force_add(repo, key.relative_to(repo.root).as_posix(), "chore: warm the review cache")
    git(repo.root, "switch", "-q", "feature/column")
    git(repo.root, "reset", "-q", "--hard", "main")
    git(repo.root, "cherry-pick", head)


def test_a_forged_base_index_already_on_main_cannot_hide_a_missing_migration(repo, tmp_path):
    propose(repo, "feature/column", COLUMN)
    forge_base_index(repo, tmp_path.resolve() / "ci")
    code, report = ci_review(repo, "feature/column", tmp_path / "ci")
    assert code == 1 and report["verdict"] == "REQUEST_CHANGES", report
    assert [f["file"] for f in found(report, "QA-MIGRATION-MISSING")] == ["app/models/post.py"]
    assert not found(report, "QA-CACHE-COMMITTED")  # the change itself does not touch it


def test_a_pull_request_that_commits_no_cache_is_reviewed_as_before(repo, tmp_path):
    propose(repo, "feature/column", COLUMN)
    code, report = ci_review(repo, "feature/column", tmp_path / "ci")
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["QA-MIGRATION-MISSING"]


def _review(repo: ReviewRepo) -> tuple[int, dict]:
    result = orchestrate(
        "review", "--base", repo.base, "--no-tests", "--format", "json", "-C", repo.root
    )
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize("folder", [".stackcrew-cache", ".Stackcrew-Cache"])
def test_any_file_committed_in_the_cache_folder_blocks(repo, folder):
    repo.write(f"{folder}/card.json", "{}\n")
    git(repo.root, "add", "-f", "--", folder)
    repo.change(TEST)
    code, report = _review(repo)
    assert code == 3 and [f["file"] for f in found(report, "QA-CACHE-COMMITTED")] == [
        f"{folder}/card.json"
    ]


def test_the_cache_folder_committed_as_a_link_blocks(repo):
    (repo.root / "elsewhere").mkdir()
    (repo.root / ".stackcrew-cache").symlink_to("elsewhere")
    repo.change(TEST)
    code, report = _review(repo)
    assert code == 3 and [f["file"] for f in found(report, "QA-CACHE-COMMITTED")] == [
        ".stackcrew-cache"
    ]


def test_removing_a_committed_cache_is_no_finding(repo):
    repo.write(f"{CACHE_DIR}/files.json", "{}\n")
    git(repo.root, "add", "-f", "--", CACHE_DIR)
    repo.base = repo.commit("chore: an old mistake")
    git(repo.root, "rm", "-q", "-r", "--", ".stackcrew-cache")
    repo.change(TEST, message="chore: stop tracking the cache")
    assert git(repo.root, "ls-files", "--", ".stackcrew-cache") == ""
    code, report = _review(repo)
    assert code == 0 and report["findings"] == [], report
