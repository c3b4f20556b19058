"""Variables declared in dotenv files: ``.env.example`` and the like, and real ``.env`` files.

``KEY=value`` lines, with an optional ``export``; quotes around the value are removed, and
so is a trailing comment: `` # ...`` after an unquoted value, or the whole value when it is
``# ...`` (a ``#`` after a space, or followed by one). A ``#`` that starts the value
(``COLOR=#E58325``) is part of it, as dotenv and compose read it. The comment lines right above a variable become its description, or,
with none, the comment on its own line. A section heading is not a description: a
decorated title (``# --- Database ---``), or a single short title line (``# General``)
above a group of variables with no blank line between them. Other lines are ignored.

A real ``.env`` (not an example, sample or template) holds a machine's values, so each
value is redacted (`redaction.redact_value`) before it reaches the index or its cache: a
secret-named variable's value, a URL's password, a known token format or a
random-looking token becomes ``[REDACTED]``.
"""

from __future__ import annotations

import re

from orchestrator.index.facts import EnvVar
from orchestrator.index.infra.env_examples import is_env_example

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=(.*)$")
_DECORATION = re.compile(r"^[\s#=\-*_~+/\\|]*$")
_DECORATED_TITLE = re.compile(r"^[=\-*_~+#]{2,}.*[=\-*_~+#]{2,}$|^[=\-*_~+#]{2,}\s")
_HEADING_WORDS = 3


def parse_env_file(text: str, file: str) -> list[EnvVar]:
    """Every variable of a dotenv file; a real ``.env``'s values redacted."""
    found = parse_env_example(text, file)
    if not is_env_example(file.rpartition("/")[2]):
        for variable in found:
            variable.default = _redacted(variable.name, variable.default)
    return found


def _redacted(name: str, value: str) -> str:
    from orchestrator.redaction import redact_value  # lazy: ~6 ms, for real .env files only

    return redact_value(name, value)


def parse_env_example(text: str, file: str) -> list[EnvVar]:
    variables: list[EnvVar] = []
    comments: list[str] = []
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(stripped[1:].strip())
            continue
        match = _LINE.match(line)
        if match:
            value, inline = _split_value(match.group(2))
            grouped = number < len(lines) and _LINE.match(lines[number]) is not None
            comment = _description(comments, grouped=grouped) or inline
            variables.append(EnvVar(match.group(1), value, comment, file, number))
        comments = []
    return variables


def _description(comments: list[str], *, grouped: bool) -> str | None:
    """The comment block above a variable, without section headings and decoration."""
    boxed = any(c and _DECORATION.match(c) for c in comments)
    lines = [c for c in comments if not _DECORATION.match(c) and not _DECORATED_TITLE.match(c)]
    if len(lines) == 1 and (boxed or grouped) and _is_title(lines[0]):
        return None
    return " ".join(lines) or None


def _is_title(line: str) -> bool:
    """`General`, `Mail settings`: a few words, capitalised, not a sentence."""
    return len(line.split()) <= _HEADING_WORDS and line[0].isupper() and line[-1] not in ".!?:;,)"


def _split_value(raw: str) -> tuple[str, str | None]:
    """The value without quotes, and the comment after it, if any."""
    spaced, raw = raw[:1].isspace(), raw.strip()
    if raw.startswith("#") and (spaced or raw[1:2].isspace() or len(raw) == 1):
        return "", raw[1:].strip() or None
    if len(raw) >= 2 and raw[0] in "\"'" and raw[0] in raw[1:]:
        end = raw.index(raw[0], 1)
        rest = raw[end + 1 :].strip()
        return raw[1:end], (rest[1:].strip() or None) if rest.startswith("#") else None
    if " #" in raw:
        value, comment = raw.split(" #", 1)
        return value.rstrip(), comment.strip() or None
    return raw, None
