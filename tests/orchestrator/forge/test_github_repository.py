"""Which repository the GitHub forge talks to: `repo:`, else `origin`, else Actions' own."""

from __future__ import annotations

import subprocess

import pytest

from orchestrator.config import load_config
from orchestrator.errors import ConfigError
from orchestrator.forge.github.repository import parse_remote_url, repo_name


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/acme/blog.git", "acme/blog"),
        ("https://github.com/acme/blog", "acme/blog"),
        ("git@github.com:acme/blog.git", "acme/blog"),
        ("ssh://git@github.com/acme/my.blog.git", "acme/my.blog"),
        ("https://ghe.example/acme/blog.git", "acme/blog"),
        ("/srv/git/blog.git", None),
        ("../blog.git", None),
    ],
)
def test_remote_urls(url, expected):
    assert parse_remote_url(url) == expected


def test_the_config_wins_over_origin(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin",
                    "https://github.com/acme/from-origin.git"], check=True)  # fmt: skip
    assert str(repo_name(tmp_path, None)) == "acme/from-origin"
    assert str(repo_name(tmp_path, "acme/configured")) == "acme/configured"


def test_actions_repository_when_origin_names_none(tmp_path, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    with pytest.raises(ConfigError, match="origin") as caught:
        repo_name(tmp_path, None)
    assert "repo: OWNER/NAME" in (caught.value.hint or "")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/from-actions")
    assert str(repo_name(tmp_path, None)) == "acme/from-actions"


def test_config_keys_are_checked_with_their_line(tmp_path):
    (tmp_path / "stackcrew.yaml").write_text("version: 1\ntracker: gitlab\n")
    with pytest.raises(ConfigError, match=r"stackcrew\.yaml:2:\d+: tracker"):
        load_config(tmp_path)
    (tmp_path / "stackcrew.yaml").write_text("tracker: github\nrepo: not a repo\n")
    with pytest.raises(ConfigError, match=r"stackcrew\.yaml:2:\d+: repo"):
        load_config(tmp_path)
    (tmp_path / "stackcrew.yaml").write_text("tracker: github\nrepo: acme/blog\n")
    assert load_config(tmp_path).repo == "acme/blog"
