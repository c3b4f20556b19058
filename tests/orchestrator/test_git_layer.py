"""One git layer: only `orchestrator/git_repo/` runs git (its process starts in
`project_state/git_process.py`, which the cache's trust check also uses), and its guards hold in a hostile
repository (hooks, an fsmonitor command, an external diff and a textconv program in
`.git/config`), on the subprocess side and on GitPython's."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.git_repo import GitRepo, git, read_commits
from orchestrator.review.diff import read_changes

sys.path.insert(0, str(Path(__file__).parent / "cli"))
from cli_runner import orchestrate

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "orchestrator" / "git_repo"
PROCESS = ROOT / "project_state" / "git_process.py"
HOOKS = ("pre-commit", "commit-msg", "post-commit", "post-checkout", "pre-merge-commit",
         "post-merge", "reference-transaction", "post-index-change")  # fmt: skip


def git_runners(source: str) -> list[str]:
    """`line: what` for each way `source` could run git itself."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if _imports_gitpython(node):
            found.append(f"{node.lineno}: imports GitPython")
        elif isinstance(node, ast.List | ast.Tuple) and node.elts and _names_git(node.elts[0]):
            found.append(f"{node.lineno}: an argv that starts with git")
        elif isinstance(node, ast.Call) and node.args and _is_shell_git(node.args[0]):
            found.append(f"{node.lineno}: a shell command that starts with git")
    return sorted(found, key=lambda hit: int(hit.partition(":")[0]))


def _imports_gitpython(node: ast.AST) -> bool:
    if isinstance(node, ast.Import):
        return any(_is_gitpython(alias.name) for alias in node.names)
    return isinstance(node, ast.ImportFrom) and not node.level and _is_gitpython(node.module)


def _is_gitpython(module: str | None) -> bool:
    return module is not None and module.split(".")[0] == "git"


def _names_git(node: ast.expr) -> bool:
    value = node.value if isinstance(node, ast.Constant) else None
    return isinstance(value, str) and (value == "git" or value.endswith("/git"))


def _is_shell_git(node: ast.expr) -> bool:
    value = node.value if isinstance(node, ast.Constant) else None
    return isinstance(value, str) and value.startswith("git ")


def test_only_the_git_layer_runs_git():
    found = [
        f"{path.relative_to(ROOT)}:{hit}"
        for package in ("orchestrator", "project_state", "agents")
        for path in sorted((ROOT / package).rglob("*.py"))
        if LAYER not in path.parents and path != PROCESS
        for hit in git_runners(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert git_runners(PROCESS.read_text(encoding="utf-8")) != []  # the process starts there


def test_the_check_sees_each_way_of_running_git():
    planted = """
import git
from git.exc import GitCommandError
import subprocess
subprocess.run(['git', 'status'])
argv = ('/usr/bin/git', 'log')
subprocess.check_output('git rev-parse HEAD', shell=True)
from orchestrator.git_repo import git  # the layer's runner: allowed
names = ['.git', 'gitignore']
"""
    assert git_runners(planted) == [
        "2: imports GitPython", "3: imports GitPython", "5: an argv that starts with git",
        "6: an argv that starts with git", "7: a shell command that starts with git",
    ]  # fmt: skip


def _loads_gitpython(code: str) -> bool:
    probe = f"import sys\n{code}\nprint('gitpython:', 'git' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1] == "gitpython: True"


def test_gitpython_loads_when_a_repository_is_opened_not_before(blog: Path):
    assert not _loads_gitpython("import orchestrator.git_repo")
    assert _loads_gitpython(
        f"from orchestrator.git_repo import GitRepo; GitRepo.open({str(blog)!r})"
    )


def test_the_review_runs_git_without_loading_gitpython(blog: Path):
    review = ["review", "--base", "HEAD", "--no-tests", "-f", "json", "--project", str(blog)]
    assert not _loads_gitpython(
        "from orchestrator.cli.main import run_orchestrate\n"
        f"sys.argv = ['orchestrate', *{review!r}]\n"
        "try:\n    run_orchestrate()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code"
    )


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "ran.txt"


@pytest.fixture
def hostile(blog: Path, tmp_path: Path, marker: Path) -> Path:
    """The blog with a second commit, then code of its own in `.git/` that must never run."""
    _plain_git(blog, "config", "user.name", "someone")
    _plain_git(blog, "config", "user.email", "someone@example.com")
    (blog / "backend" / "extra.py").write_text("VALUE = 1\nOTHER = 2\n")
    _plain_git(blog, "add", "-A")
    _plain_git(blog, "commit", "-q", "-m", "feat: extra values")
    program = tmp_path / "planted.sh"
    program.write_text(f'#!/bin/sh\necho "$0 $*" >> "{marker}"\n')
    program.chmod(0o755)
    hooks = tmp_path / "planted-hooks"
    hooks.mkdir()
    for name in HOOKS:
        for folder in (blog / ".git" / "hooks", hooks):
            (folder / name).write_text(program.read_text())
            (folder / name).chmod(0o755)
    for key, value in [("core.hooksPath", str(hooks)), ("core.fsmonitor", str(program)),
                       ("core.pager", str(program)), ("diff.external", str(program)),
                       ("diff.planted.textconv", str(program))]:  # fmt: skip
        _plain_git(blog, "config", key, value)
    (blog / ".git" / "info" / "attributes").write_text("* diff=planted\n")
    return blog


def _plain_git(root: Path, *args: str) -> str:
    """git as a person runs it, hooks off only while the fixture is being built."""
    argv = ["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", *args]
    return subprocess.run(argv, cwd=root, capture_output=True, text=True, check=True).stdout


def test_the_planted_programs_run_for_plain_git(hostile: Path, marker: Path):
    """Sanity: without the layer's guards, git runs what the repository planted."""
    subprocess.run(["git", "diff", "HEAD~1"], cwd=hostile, capture_output=True, check=True)
    subprocess.run(["git", "status"], cwd=hostile, capture_output=True, check=True)
    assert marker.exists()


def test_the_review_runs_nothing_the_repository_planted(hostile: Path, marker: Path):
    result = orchestrate("review", "--base", "HEAD~1", "--no-tests", "-f", "json",
                         "--project", hostile)  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["head"] == git(hostile, "rev-parse", "HEAD").strip()
    assert not marker.exists(), marker.read_text()


def test_the_diff_reads_the_real_lines_past_a_textconv(hostile: Path, marker: Path):
    changes = read_changes(hostile, "HEAD~1", "HEAD")
    assert changes.lines("backend/extra.py") == {1, 2}
    assert not marker.exists(), marker.read_text()


def test_gitpython_commits_branches_and_merges_run_no_hook(hostile: Path, marker: Path):
    repo = GitRepo.open(hostile)
    repo.switch_branch("feature")
    (hostile / "backend" / "extra.py").write_text("VALUE = 3\n")
    assert repo.dirty_paths() == ["backend/extra.py"]
    repo.commit("fix: value", ["backend/extra.py"], agent="backend")
    repo.switch_branch("main")
    before = repo.head_sha()
    merged = repo.merge("feature", "Merge feature")
    parents = git(hostile, "rev-list", "--parents", "-n", "1", merged).split()[1:]
    assert parents == [before, git(hostile, "rev-parse", "feature").strip()]
    assert [c.agent for c in read_commits(hostile, before, merged)] == ["backend", None]
    assert not marker.exists(), marker.read_text()


def test_a_worktree_from_the_runner_runs_no_checkout_hook(hostile: Path, marker: Path, tmp_path):
    git(hostile, "worktree", "add", "--detach", "--quiet", str(tmp_path / "side"), "HEAD~1")
    assert (tmp_path / "side" / "backend").is_dir()
    assert not marker.exists(), marker.read_text()
