"""The GitHub token and API base, found as GitHub's own tools find them.

Token: `GITHUB_TOKEN`, else `GH_TOKEN`, else `gh auth token` when the GitHub CLI is
installed and logged in. API base: `GITHUB_API_URL` (GitHub Enterprise Server and Actions
set it), else https://api.github.com. The token is held in `Credentials.token`, which no
repr, log line, state file or error message ever shows: errors name the variable or the
command it came from, never its value.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from project_state.errors import Refusal

PUBLIC_API = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
GH_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class Credentials:
    token: str = field(repr=False)
    api_url: str
    source: str  # where the token came from: a variable's name or `gh auth token`

    def scrub(self, text: str) -> str:
        """`text` with the token taken out, wherever it came from."""
        return text.replace(self.token, "[REDACTED]") if self.token else text


def api_url(env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    url = (env.get("GITHUB_API_URL") or PUBLIC_API).rstrip("/")
    if urlsplit(url).username is not None or "@" in urlsplit(url).netloc:
        # it would be printed in every message that names the API
        raise Refusal(
            "GITHUB_API_URL holds credentials (user@ or user:password@ before the host)",
            hint="give the token in GITHUB_TOKEN and the bare API address in GITHUB_API_URL",
        )
    return url


def discover_credentials(env: Mapping[str, str] | None = None) -> Credentials:
    """The token and API base for this process, or a refusal saying how to provide one."""
    env = os.environ if env is None else env
    base = api_url(env)
    for name in TOKEN_VARIABLES:
        if env.get(name, "").strip():
            return Credentials(_one_word(env[name].strip(), name), base, name)
    token = _gh_auth_token(base)
    if token:
        return Credentials(_one_word(token, "gh auth token"), base, "gh auth token")
    raise Refusal(
        "no GitHub token: GITHUB_TOKEN and GH_TOKEN are unset and `gh auth token` gave none",
        hint="export GITHUB_TOKEN=… (a token with issues, pull requests, contents and "
        "commit statuses: read and write), or log in with `gh auth login`",
    )


def _one_word(token: str, source: str) -> str:
    """A token with a space, line break or control character inside is no token (a file
    of two lines read with `$(cat …)`), and HTTP libraries quote such a header in errors."""
    if any(c.isspace() or not c.isprintable() for c in token):
        raise Refusal(
            f"the token from {source} has a space, line break or control character inside",
            hint="set it to the token alone, on one line",
        )
    return token


def _gh_auth_token(base: str) -> str | None:
    """The GitHub CLI's token for the API's host, when `gh` is installed and logged in."""
    gh = shutil.which("gh")
    if gh is None:
        return None
    argv = [gh, "auth", "token"]
    host = urlsplit(base).hostname or ""
    if host and host != "api.github.com":
        argv += ["--hostname", host]
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=GH_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
