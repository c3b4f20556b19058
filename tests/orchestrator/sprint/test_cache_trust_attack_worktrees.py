"""A sprint's worktrees folder is the sprint's: a cloned repository that commits
``.stackcrew-cache/worktrees`` as a link to a folder of yours does not get that folder
listed and its entries handed to ``git worktree remove --force``; the run is refused,
naming the link, before anything is removed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
IDENTITY = ("-c", "user.name=someone", "-c", "user.email=someone@example.com")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *IDENTITY, *args], cwd=repo, capture_output=True, check=True)


def test_a_cloned_worktrees_link_is_refused_before_any_removal(blog: Path, tmp_path: Path) -> None:
    yours = tmp_path / "yours"
    (yours / "notes").mkdir(parents=True)
    (yours / "notes" / "keep.txt").write_text("not the sprint's\n")
    (yours / "old-link").symlink_to(tmp_path / "gone")
    (blog / ".stackcrew-cache").mkdir(exist_ok=True)
    (blog / ".stackcrew-cache" / "worktrees").symlink_to(yours, target_is_directory=True)
    git(blog, "add", "-f", ".stackcrew-cache/worktrees")
    git(blog, "commit", "-q", "-m", "somewhere for the worktrees")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(blog), str(clone))

    done = subprocess.run(
        [str(BIN / "orchestrate"), "sprint", "run", "--project", str(clone)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "error: .stackcrew-cache/worktrees is a link" in done.stderr
    assert "git worktree" not in done.stderr
    assert (yours / "notes" / "keep.txt").read_text() == "not the sprint's\n"
    assert (yours / "old-link").is_symlink()
