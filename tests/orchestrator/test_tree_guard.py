"""The guard over the whole tree, on its own: what a command changed is found and put back.

Here nothing confines the command (as on a platform without mount namespaces): the code
writes straight into `.git/`, ignored files and other agents' files, and the guard alone
must undo it.
"""

from __future__ import annotations

import subprocess
import sys

from orchestrator.project import open_project
from orchestrator.tree_guard import TreeGuard
from orchestrator.workspace import Workspace

ESCAPE = """
import os, pathlib
open(".git/config", "a").write("[core]\\n\\tfsmonitor = ./evil\\n")
open(".git/info/exclude", "a").write("*.secret\\n")
hook = pathlib.Path(".git/hooks/post-commit"); hook.write_text("#!/bin/sh\\n"); hook.chmod(0o755)
open(".env", "w").write("TOKEN=stolen\\n")
open("backend/app/models/user.py", "a").write("# changed\\n")
os.remove("backend/app/models/base.py")
open("backend/app/models/new.py", "w").write("X = 1\\n")
open("backend/app/routers/mine.py", "w").write("MINE = 1\\n")
os.makedirs("backend/__pycache__", exist_ok=True)
open("backend/__pycache__/poison.pyc", "w").write("x")
"""


def _contents(root, *names):
    return {n: (root / n).read_bytes() if (root / n).exists() else None for n in names}


def test_the_guard_puts_back_every_change_outside_the_agents_files(blog):
    (blog / ".env").write_text("TOKEN=mine\n")  # ignored, the user's own
    watched = (".git/config", ".git/info/exclude", ".env", "backend/app/models/user.py",
               "backend/app/models/base.py")  # fmt: skip
    before = _contents(blog, *watched)
    project = open_project(blog)
    workspace = Workspace(blog, project.ownership, agent="fastapi")
    guard = TreeGuard.take(blog, workspace.owns)
    subprocess.run([sys.executable, "-c", ESCAPE], cwd=blog, check=True)
    breach = guard.check()
    assert _contents(blog, *watched) == before
    assert not (blog / ".git/hooks/post-commit").exists()
    assert not (blog / "backend/app/models/new.py").exists()
    assert not (blog / "backend/__pycache__/poison.pyc").exists()
    assert (blog / "backend/app/routers/mine.py").read_text() == "MINE = 1\n"
    assert breach.unrestorable == []
    assert set(breach.reverted) == {*watched, ".git/hooks/post-commit", "backend/app/models/new.py"}


def test_a_change_in_a_dependency_folder_is_reported_as_unrestorable(blog):
    modules = blog / "frontend" / "node_modules" / "lib"
    modules.mkdir(parents=True)
    (modules / "index.js").write_text("ok\n")
    project = open_project(blog)
    guard = TreeGuard.take(blog, Workspace(blog, project.ownership, agent="fastapi").owns)
    (modules / "index.js").write_text("evil\n")
    assert guard.check().unrestorable == ["frontend/node_modules/lib/index.js"]


def test_a_changed_file_of_a_nested_repository_is_reported_not_a_crash(blog):
    nested = blog / "backend" / "app" / "models" / "vendor"
    nested.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=nested, check=True)
    (nested / "lib.py").write_text("A = 1\n")
    project = open_project(blog)
    guard = TreeGuard.take(blog, Workspace(blog, project.ownership, agent="fastapi").owns)
    (nested / "lib.py").write_text("A = 2\n")
    assert guard.check().unrestorable == ["backend/app/models/vendor/lib.py"]


def test_folder_modes_are_put_back_and_other_agents_folders_reported(blog):
    project = open_project(blog)
    guard = TreeGuard.take(blog, Workspace(blog, project.ownership, agent="fastapi").owns)
    folders = {
        d: (blog / d).stat().st_mode for d in ("backend/app/models", "frontend", "backend/app")
    }
    (blog / "backend/app/models").chmod(0o777)
    (blog / "frontend").chmod(0o500)
    (blog / "backend/app").chmod(0o700)  # the agent's own folder: put back, not a breach
    breach = guard.check()
    assert {d: (blog / d).stat().st_mode for d in folders} == folders
    assert set(breach.reverted) == {"backend/app/models/", "frontend/"}
