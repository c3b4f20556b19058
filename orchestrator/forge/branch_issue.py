"""Which issue a change is for, from what GitHub and stackcrew's own conventions say:
the branch name `<agent>/<issue>-<slug>` (as EXECUTE names branches), or a closing
keyword in a pull request's body (`Closes #45`, `Fixes #45`, `Resolves #45`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

CLOSING = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s+#(\d+)\b", re.IGNORECASE)
BRANCH = re.compile(r"^(?P<agent>[a-z][a-z0-9_-]*)/(?P<issue>\d+)-[^/]+$")
REF_PREFIXES = ("refs/heads/", "refs/remotes/origin/", "origin/")
MAX_ISSUE = 2**31 - 1  # GitHub's issue numbers are 32-bit; #0 and #99999999999 name none


def issue_of_branch(branch: str, agents: Iterable[str]) -> int | None:
    """45 for `fastapi/45-add-ping` when `fastapi` is an agent; None for any other name
    (`release/2024-01` is not stackcrew's)."""
    for prefix in REF_PREFIXES:
        branch = branch.removeprefix(prefix)
    found = BRANCH.match(branch)
    if found is None or found["agent"] not in set(agents):
        return None
    return _issue_number(found["issue"])


def issue_of_body(body: str) -> int | None:
    """The first issue a pull request's body says it closes."""
    for found in CLOSING.finditer(body or ""):
        number = _issue_number(found.group(1))
        if number is not None:
            return number
    return None


def _issue_number(digits: str) -> int | None:
    number = int(digits[:12]) if len(digits) <= 12 else MAX_ISSUE + 1
    return number if 1 <= number <= MAX_ISSUE else None
