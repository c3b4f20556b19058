"""Pull requests made straight in the GitHub fake, for the gate and merge attack tests."""

from __future__ import annotations

import json
import subprocess

from tests.orchestrator.cli.cli_runner import orchestrate
from tests.orchestrator.forge.conftest import git

SECRET_FILE = "backend/app/keys.py"
SECRET_LINE = 'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8sT3kLp0"\n'


def commit(root, path: str, text: str, message: str) -> str:
    p = root / path
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    git(root, "add", path)
    subprocess.run(
        ["git", "-c", "user.name=p", "-c", "user.email=p@x", "commit", "-qm", message],
        cwd=root,
        check=True,
    )
    return git(root, "rev-parse", "HEAD")


def open_pull(
    gp,
    branch="fastapi/45-posts",
    base="main",
    body="Closes #45",
    user="octocat",
    number=46,
    files=(("backend/app/ping.py", "PING = 1\n"),),
):
    """A branch with commits, pushed, and a pull request of it in the fake."""
    gp.git("switch", "-q", "-C", branch, base)
    head = None
    for path, text in files:
        head = commit(gp.root, path, text, "feat: ping #45")
    gp.git("push", "-q", "-f", "origin", branch)
    gp.fake.pulls[number] = {
        "title": "t",
        "body": body,
        "head": branch,
        "base": base,
        "state": "open",
        "merged": False,
        "user": user,
        "head_sha": None,
    }
    return head


def status(gp, sha, state="success", creator="stackcrew-bot", description="APPROVE: 0 blocking"):
    gp.fake._create_status(
        sha,
        body={"state": state, "context": "stackcrew/qa", "description": description},
        login=creator,
    )


def event_file(gp, tmp_path, monkeypatch, number=46, edit=None):
    event = gp.fake.event(number)
    if edit:
        edit(event)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))
    return path


def gate(gp):
    return orchestrate("review", "--post", "--no-tests", "--project", gp.root)


def merge(gp, number=46):
    return orchestrate("merge", "--pr", str(number), "--project", gp.root)


def everything_under(path) -> str:
    out = []
    for f in path.rglob("*"):
        if f.is_file():
            try:
                out.append(f.read_bytes().decode("utf-8", "replace"))
            except OSError:
                pass
    return "\n".join(out)
