"""The token and API base come from where GitHub's own tools look, and never show."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from orchestrator.forge.github.credentials import PUBLIC_API, discover_credentials
from project_state.errors import Refusal


def fake_gh(tmp_path: Path, script: str) -> dict[str, str]:
    """A `gh` on PATH that runs `script` (the edge: the GitHub CLI itself)."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    gh = bindir / "gh"
    gh.write_text(f"#!/bin/sh\n{script}\n")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return {"PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}


def test_github_token_comes_first_then_gh_token():
    both = discover_credentials({"GITHUB_TOKEN": "t-one", "GH_TOKEN": "t-two"})
    assert (both.token, both.source, both.api_url) == ("t-one", "GITHUB_TOKEN", PUBLIC_API)
    assert discover_credentials({"GH_TOKEN": "t-two"}).source == "GH_TOKEN"


def test_the_api_base_is_github_api_url_without_its_slash():
    found = discover_credentials({"GH_TOKEN": "t", "GITHUB_API_URL": "https://ghe.example/api/v3/"})
    assert found.api_url == "https://ghe.example/api/v3"


def test_gh_auth_token_is_asked_for_the_api_host(tmp_path, monkeypatch):
    env = fake_gh(tmp_path, 'echo "$@" > "$(dirname "$0")/args"; echo gho_from_cli')
    monkeypatch.setenv("PATH", env["PATH"])
    found = discover_credentials({"GITHUB_API_URL": "https://ghe.example/api/v3"})
    assert (found.token, found.source) == ("gho_from_cli", "gh auth token")
    assert (tmp_path / "bin" / "args").read_text().split() == [
        "auth",
        "token",
        "--hostname",
        "ghe.example",
    ]


def test_no_token_anywhere_is_a_refusal_that_says_how_to_give_one(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", fake_gh(tmp_path, "echo 'not logged in' >&2; exit 1")["PATH"])
    with pytest.raises(Refusal) as caught:
        discover_credentials({})
    assert "GITHUB_TOKEN" in caught.value.message
    assert "gh auth login" in (caught.value.hint or "")


def test_the_token_never_shows_in_a_repr_and_is_scrubbed_from_text():
    found = discover_credentials({"GITHUB_TOKEN": "ghp_secretvalue123"})
    assert "ghp_secretvalue123" not in repr(found)
    assert found.scrub("failed with ghp_secretvalue123 in it") == "failed with [REDACTED] in it"
