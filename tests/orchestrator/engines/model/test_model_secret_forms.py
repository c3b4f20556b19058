"""Secrets in the shapes real repositories hold them, read by a model in a DIRECT run.

Each case plants one secret in a committed file (or in history), lets the scripted model
read it the way an agent would (read_file, an allowed command), and then looks for the
secret in every file the run left under the repository (planted files aside) and in every
request the model got.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from model_engine_helpers import git, invoke

from orchestrator.cli.apps import orchestrate_app
from orchestrator.engines.model.scripted import tool_use

HIGH_ENTROPY = "Zq8vLm2Xp9RtWk4NbYc7"
KEY_BODY = "MIIEowIBAAKCAQEAq7BFUAR3xMtbYbT9pZ2wLm5vQ8sK4nJ1cF6dG0hR3eW9yUiO"


@dataclass(frozen=True)
class Form:
    """`files` planted and committed; `removed` committed and then deleted (history only)."""

    secret: str
    calls: list[tuple[str, dict]]
    files: dict[str, str] = field(default_factory=dict)
    removed: dict[str, str] = field(default_factory=dict)


def _read(path: str, **lines: int) -> tuple[str, dict]:
    return ("read_file", {"path": path, **lines})


PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    f"{KEY_BODY}\n"
    "vQ8sK4nJ1cF6dG0hR3eW9yUiOq7BFUAR3xMtbYbT9pZ2wLm5\n"
    "-----END RSA PRIVATE KEY-----\n"
)
FORMS = {
    "yaml nested key": Form(
        HIGH_ENTROPY,
        [_read("deploy/values.yaml")],
        {"deploy/values.yaml": f"database:\n  password: {HIGH_ENTROPY}\n"},
    ),
    "yaml block scalar": Form(
        HIGH_ENTROPY,
        [_read("deploy/values.yaml")],
        {"deploy/values.yaml": f"database:\n  password: |\n    {HIGH_ENTROPY}\n"},
    ),
    "toml": Form(
        HIGH_ENTROPY,
        [_read("deploy/app.toml")],
        {"deploy/app.toml": f'[database]\npassword = "{HIGH_ENTROPY}"\n'},
    ),
    "export with a quoted value with spaces": Form(
        "correct horse battery staple",
        [_read("deploy/env.sh")],
        {"deploy/env.sh": 'export DB_PASSWORD="correct horse battery staple"\n'},
    ),
    "ini value with spaces": Form(
        "correct horse battery staple",
        [_read("deploy/app.ini")],
        {"deploy/app.ini": "[database]\npassword = correct horse battery staple\n"},
    ),
    "url password with a slash": Form(
        "Pa/ss-7781",
        [_read("deploy/compose.yml")],
        {"deploy/compose.yml": "    command: psql postgresql://blog:Pa/ss-7781@db.internal/blog\n"},
    ),
    "url-encoded url password": Form(
        "p%40ss%3Aw0rd",
        [_read("deploy/compose.yml")],
        {"deploy/compose.yml": "    command: psql postgresql://blog:p%40ss%3Aw0rd@db.internal/b\n"},
    ),
    "json in a json string (kubectl last-applied)": Form(
        HIGH_ENTROPY,
        [_read("deploy/secret.json")],
        {
            "deploy/secret.json": json.dumps(
                {
                    "annotations": {
                        "last-applied": json.dumps({"stringData": {"password": HIGH_ENTROPY}})
                    }
                },
                indent=2,
            )
        },
    ),
    "command-line flag": Form(
        HIGH_ENTROPY,
        [_read("deploy/Makefile")],
        {"deploy/Makefile": f"migrate:\n\tmysql --password={HIGH_ENTROPY} -u root blog\n"},
    ),
    "api key header": Form(
        HIGH_ENTROPY,
        [_read("deploy/smoke.sh")],
        {"deploy/smoke.sh": f'curl -H "X-Api-Key: {HIGH_ENTROPY}" https://api.example.com/\n'},
    ),
    "DB_PASS name": Form(
        "mailpass2024",
        [_read("deploy/db.env")],
        {"deploy/db.env": "DB_PASS=mailpass2024\n"},
    ),
    "private key read in two parts": Form(
        KEY_BODY,
        [_read("deploy/id_rsa", start=1, end=1), _read("deploy/id_rsa", start=2)],
        {"deploy/id_rsa": PEM},
    ),
    "git log -p of a removed .env line": Form(
        "mailpass2024",
        [("run_command", {"argv": ["git", "log", "-p", "-3"]})],
        removed={"deploy/old.env": "SMTP_PASSWORD=mailpass2024\n"},
    ),
    "git log -p of a removed high-entropy key": Form(
        HIGH_ENTROPY,
        [("run_command", {"argv": ["git", "log", "-p", "-3"]})],
        removed={"deploy/old.env": f"SECRET_KEY={HIGH_ENTROPY}\n"},
    ),
    "short secret in a newline-escaped error message": Form(
        "mailpass2024",
        [("search_code", {"regex": "(x\nSMTP_PASSWORD=mailpass2024"})],
    ),
}


@pytest.fixture
def repo(blog: Path) -> Path:
    config = blog / "stackcrew.yaml"
    config.write_text(config.read_text() + "  - [git, log]\n")
    git(blog, "add", "-A")
    git(blog, "commit", "-qm", "allow git log")
    return blog


def plant(root: Path, form: Form) -> None:
    for files, message in ((form.removed, "old settings"), (form.files, "settings")):
        for rel, content in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(content)
        git(root, "add", "-A")
        git(root, "commit", "-qm", message, "--allow-empty")
    for rel in form.removed:
        git(root, "rm", "-q", rel)
        git(root, "commit", "-qm", "drop old settings")


def files_holding(root: Path, secret: str, planted: dict[str, str]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        kept = path.is_file() and rel not in planted and not rel.startswith(".git/objects/")
        if kept and secret.encode() in path.read_bytes():
            found.append(rel)
    return found


@pytest.mark.parametrize("name", list(FORMS))
def test_a_secret_in_this_form_reaches_neither_disk_nor_the_model(repo, fake_api, name):
    form = FORMS[name]
    plant(repo, form)
    calls = [tool_use(n, i) for n, i in form.calls]
    fake_api.add(*calls, tool_use("finish", {"summary": "read the settings"}))
    out = invoke(orchestrate_app, "direct", "fastapi", "read the settings", "--json",
                 "--project", repo)  # fmt: skip
    assert out.exit_code == 0, out.output
    assert fake_api.errors == [] and len(fake_api.requests) == len(calls) + 1
    results = json.dumps(fake_api.requests[-1]["messages"])
    assert "tool_result" in results
    assert files_holding(repo, form.secret, form.files) == []
    assert [form.secret in json.dumps(r) for r in fake_api.requests] == [False] * len(calls + [1])
