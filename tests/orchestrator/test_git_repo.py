"""The git layer on a real repository: names as written, no config written, no hooks run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from orchestrator.git_repo import GitRepo

sys.path.insert(0, str(Path(__file__).parent / "cli"))
from cli_runner import orchestrate


def test_dirty_paths_names_files_as_written(blog):
    (blog / "backend" / "café.py").write_text("x = 1\n")
    (blog / "backend" / 'a "quoted" name.py').write_text("x = 1\n")
    assert sorted(GitRepo.open(blog).dirty_paths()) == [
        'backend/a "quoted" name.py', "backend/café.py",
    ]  # fmt: skip


def test_the_commit_identity_is_never_written_into_the_repository(blog, no_git_identity):
    result = orchestrate("run", "--issue", "45", "--no-review", "--project", blog)
    assert result.exit_code == 0, result.output
    assert "[user]" not in (blog / ".git" / "config").read_text()
    author = subprocess.run(["git", "log", "-1", "--format=%an <%ae>"], cwd=blog,
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert author.strip() == "stackcrew <stackcrew@localhost>"
