"""Variables declared in ``.env.example`` (and ``.env.sample``/``.env.template``).

``KEY=value`` lines, with an optional ``export``; quotes around the value are removed; the
comment lines right above a variable become its description. Other lines are ignored.
"""

from __future__ import annotations

import re

from orchestrator.index.facts import EnvVar

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$")


def parse_env_example(text: str, file: str) -> list[EnvVar]:
    variables: list[EnvVar] = []
    comments: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(stripped.lstrip("#").strip())
            continue
        match = _LINE.match(line)
        if match:
            comment = " ".join(c for c in comments if c) or None
            variables.append(
                EnvVar(match.group(1), _unquote(match.group(2)), comment, file, number)
            )
        comments = []
    return variables


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if " #" in value:
        value = value.split(" #", 1)[0].rstrip()
    return value
