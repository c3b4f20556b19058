"""Commands that read or index the code refuse a folder outside any git work tree: a clear
error naming it, a non-zero exit, and nothing written there (no cache, no state)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
COMMANDS = [
    ["agent", "consult", "fastapi", "user endpoints?"],
    ["agent", "consult", "fastapi", "user endpoints?", "--json"],
    ["orchestrate", "index"],
    ["orchestrate", "index", "--routes", "--json"],
    ["orchestrate", "owners", "app/main.py"],
    ["orchestrate", "owners"],
    ["orchestrate", "init"],
]


@pytest.fixture
def shared_folder(tmp_path: Path) -> Path:
    """A folder of code that is no git repository, as a shared temporary folder is."""
    folder = tmp_path / "shared"
    (folder / "app").mkdir(parents=True)
    (folder / "app" / "main.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n")
    return folder


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_folder_outside_git_is_refused_and_left_as_it_was(shared_folder: Path, argv):
    before = sorted(p.relative_to(shared_folder) for p in shared_folder.rglob("*"))
    done = subprocess.run([str(BIN / argv[0]), *argv[1:]], cwd=shared_folder,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 2, done.stdout
    assert f"{shared_folder} is not inside a git repository" in done.stderr
    assert "git init" in done.stderr
    assert sorted(p.relative_to(shared_folder) for p in shared_folder.rglob("*")) == before


def test_the_same_folder_as_a_git_work_tree_is_read(shared_folder: Path):
    subprocess.run(["git", "init", "-q", str(shared_folder)], check=True)
    done = subprocess.run([str(BIN / "orchestrate"), "owners", "app/main.py", "--json"],
                          cwd=shared_folder, capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert '"owner": "fastapi"' in done.stdout
