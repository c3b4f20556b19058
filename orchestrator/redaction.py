"""One redaction pass for everything a run writes: secrets become `[REDACTED]`.

    redact(value)       a copy of a JSON-like value with every secret replaced
    redact_text(text)   the same for one string

What counts as a secret, in the order the pass applies it:

1. values stackcrew knows are secret: `ANTHROPIC_API_KEY` and every environment variable
   whose name says it holds a secret (`*_KEY`, `*SECRET*`, `*TOKEN*`, `*PASSWORD*`, …);
2. a private key block, the password of a URL (`scheme://user:PASSWORD@host`), and the
   formats detect-secrets has no plugin for (Anthropic `sk-ant-`, Google `AIza`, bearer);
3. every hit of detect-secrets' format plugins (AWS, Stripe, GitHub, Slack, JWT, keyword,
   basic auth, …) — the plugin set of `detect_secrets.settings.default_settings`, the same
   one the QA gate's `QA-SECRET` rule scans with;
4. assignments: the value of `NAME=value` (a `.env` line, `env` output, possibly after a
   `12:` line number) or `name = "literal"` when the name says secret; and any
   `NAME=value` whose value is a long, high-entropy token.

Redaction is idempotent, so text redacted once may pass again unchanged.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from functools import cache
from typing import Any

REDACTED = "[REDACTED]"
MIN_KNOWN_LENGTH = 8
MIN_ENTROPY_LENGTH = 20
MIN_ENTROPY_BITS = 3.8

# A name that says its value is a secret (dict keys, variables, settings, env names).
SECRET_NAME = re.compile(
    r"(?i:secret|passw(?:or)?d|token|credential|api[_-]?key|apikey|private[_-]?key"
    r"|access[_-]?key|signing[_-]?key|authorization|auth[_-]?(?:token|key|pass)|basic[_-]?auth"
    r"|[_.\-]pass(?:wd)?$|[_.\-]pwd$)"
    r"|[A-Z0-9]_?KEY\b|^KEY$"
)
NOT_SECRET_KEY = re.compile(r"(?i)_tokens$|^tokens?_(?:count|type)$|^max_tokens$")
PRIVATE_KEY_BLOCK = re.compile(
    r"(-----BEGIN [A-Z ]*PRIVATE KEY-----)(?:[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----)|[\s\S]*)"
)
# A key's base64 body line seen without its BEGIN line (a partial read, a cut tail).
KEY_BODY_LINE = re.compile(
    r"(?m)^([ \t]*(?:\d{1,9}(?::[ \t]?|\t))?)([A-Za-z0-9+/]{40,100}={0,2})[ \t]*(?=\r?$)"
)
# `scheme://user:PASSWORD@host`: the password may hold `/` or `@`, up to the last `@host`;
# `host:PORT/path@…` is a port, not a password.
URL_PASSWORD = re.compile(
    r"(?i)(\b[a-z][a-z0-9+.\-]{0,30}://[^\s/:@'\"]{0,100}:)(?!\d{1,5}/)([^\s'\"]{1,200}?)"
    r"(@[a-z0-9\-]{1,100}[.:/])(?![^\s'\"]{0,200}@[a-z0-9\-]{1,100}[.:/])"
)
# The same once a path normaliser made it `scheme:/user:…`, or with no scheme at all.
BARE_URL_PASSWORD = re.compile(
    r"(?i)((?<![^\s'\"=(])(?:[a-z][a-z0-9+.\-]{0,30}:/?)?[^\s/:@'\"=]{0,100}:)"
    r"([^\s/@'\"]{1,200})(@[a-z0-9\-]{1,100}[.:/])"
)
NO_PLUGIN_FORMATS = re.compile(
    r"sk-ant-[A-Za-z0-9_\-]{8,}"
    r"|AIza[0-9A-Za-z_\-]{30,}"
    r"|(?i:bearer|basic)\s+[A-Za-z0-9._~+/\-]{16,}=*"
)
TOKEN_CHARS = r"[A-Za-z0-9_\-+/.~]"
TOKEN_CHAR = re.compile(TOKEN_CHARS)
TOKEN_TAIL = re.compile(TOKEN_CHARS + "*+=*+")
# A line start: a real one, or a `\n` escape that `repr()` made of a newline.
LINE_START = r"(?:^|(?<=\\n))"
# `NAME=value` at the start of a line, after an optional `12:` / `12<tab>` / `path:12:`
# prefix, `export `, a YAML `- `, or a diff's `-`/`+` (any leading punctuation); the value
# runs to the end of the line (or to a `\n` escape).
LINE_ASSIGNMENT = re.compile(
    r"(?m)" + LINE_START + r"([ \t]*+(?:[^\s:]{0,300}:?\d{1,9}[:\t][ \t]*)?"
    r"(?:[-+>#*;!|]{1,3}[ \t]*)?(?:export[ \t]+|-[ \t]+)?"
    r"['\"]?([A-Za-z_][A-Za-z0-9_.\-]{0,100})['\"]?[ \t]*(?:=|:[ \t])[ \t]*)"
    r"((?:[^\r\n\\]|\\(?![nr]))*+)"
)
# `name: |` (YAML block scalar): the value is every more-indented line after it.
NUMBER = r"(?:\d{1,9}(?::[ \t]|\t))?"
BLOCK_SCALAR = re.compile(
    r"(?m)^(" + NUMBER + r")([ \t]*)(['\"]?([A-Za-z_][A-Za-z0-9_.\-]{0,100})['\"]?[ \t]*:[ \t]*"
    r"[|>][-+0-9]{0,3}[ \t]*\r?\n)((?:" + NUMBER + r"\2[ \t]+[^\r\n]*+(?:\r?\n|$))+)"
)
# `NAME=value` right after a `\n` escape, inside a quoted repr(): the value is one token.
ESCAPED_LINE_ASSIGNMENT = re.compile(
    r"(?<=\\n)([ \t]*(?:export[ \t]+)?[-+]?([A-Za-z_][A-Za-z0-9_.\-]{0,100})[ \t]*[=:][ \t]*)"
    r"([^\s'\"\\,;)]{1,500})"
)
# `NAME = """…"""` or `NAME="…` whose value runs over several lines.
MULTILINE_QUOTED = re.compile(
    r"(?m)^([ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.\-]{0,100})[ \t]*=[ \t]*)"
    r"(\"\"\"|'''|\"|')((?:(?!\3)[^\\]|\\.){0,4000}?\n(?:(?!\3)[^\\]|\\.){0,4000}?)\3"
)
# `name = "literal"`, `name: str = "literal"`, `"name": "literal"`, `name="literal"`.
QUOTED_ASSIGNMENT = re.compile(
    r"""(?<![A-Za-z0-9_.\-])(['"]?([A-Za-z_][A-Za-z0-9_.\-]{0,100}+)['"]?\s*"""
    r"""(?::\s*[\w\[\]|. ]{1,40}?\s*)?[:=]\s*)"""
    r"""(["'])((?:(?!\3)[^\\\r\n]|\\.)++)\3"""
)
# JSON inside a JSON string: `{\"password\": \"value\"}` (any depth of escaping).
ESCAPED_JSON = re.compile(
    r"""((\\+")([A-Za-z_][A-Za-z0-9_.\-]{0,100})\2\s*:\s*\2)([^\\"\r\n]{1,1000})(?=\2)"""
)
# `--password=value`, `-H "X-Api-Key: value"`, `Authorization: Token value`.
FLAG_OR_HEADER = re.compile(
    r"(?i)((?<![\w\-])(?:--?([a-z][a-z0-9_\-]{0,60})=|([a-z][a-z0-9\-]{0,60}):[ \t]*"
    r"(?:(?:bearer|basic|token|digest)[ \t]+)?))([^\s'\"]{4,500})"
)
ANY_ASSIGNMENT = re.compile(
    r"(?:(?<=--)|(?<=^[-+])|(?<=\n[-+])|(?<![\w.\-]))"
    r"([A-Za-z_][A-Za-z0-9_]{0,100}+\s*[=:]\s*['\"]?)([A-Za-z0-9_\-+~][A-Za-z0-9_\-+/~]{19,}+=*)"
)
# Code rather than a literal: a call, an index, a dotted reference, a number.
CODE_VALUE = re.compile(r"[\s()\[\]{}]|^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$|^[\d.]+$")
# After `name:` a bare identifier is a type (`password: str`, `token: Token`).
TYPE_NAME = re.compile(r"^(?:[A-Z]\w*|str|string|bytes|bool|boolean|int|number|float|any|unknown)$")
PLAIN_VALUES = {"true", "false", "none", "null", "undefined", "~", REDACTED.lower()}
MIN_LITERAL_LENGTH = 4
PROSE_SPACES = 3
# Words and operators that make a spaced value an expression, not an INI literal.
CODE_WORDS = re.compile(r"\b(?:if|else|or|and|not|in|is|for|lambda|await|new|None)\b|[=<>!&|+*/%]")
TEMPLATED = re.compile(r"^\$\{?|^\{\{|^<[^>]*>$|^\*+$")
HEX_LIKE = re.compile(r"^[0-9a-fA-F\-]+$")


def redact(value: Any) -> Any:
    """A copy of `value` (dicts, lists, strings) with secrets replaced by `[REDACTED]`."""
    if isinstance(value, dict):
        return {k: _redact_item(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def _redact_item(key: str, value: Any) -> Any:
    if isinstance(value, str) and value and secret_name(key):
        return REDACTED
    return redact(value)


def secret_name(name: str) -> bool:
    """Whether a variable, key or setting called `name` holds a secret."""
    return SECRET_NAME.search(name) is not None and NOT_SECRET_KEY.search(name) is None


def redact_text(text: str) -> str:
    """`text` with every secret replaced by `[REDACTED]`."""
    if not text:
        return text
    for known in known_secrets():
        text = text.replace(known, REDACTED)
    text = PRIVATE_KEY_BLOCK.sub(lambda m: f"{m[1]}{REDACTED}{m[2] or ''}", text)
    text = KEY_BODY_LINE.sub(_key_body_line, text)
    text = URL_PASSWORD.sub(lambda m: m[1] + REDACTED + m[3], text)
    text = BARE_URL_PASSWORD.sub(lambda m: m[1] + REDACTED + m[3], text)
    text = NO_PLUGIN_FORMATS.sub(REDACTED, text)
    text = "".join(_plugin_hits_redacted(line) for line in text.splitlines(keepends=True))
    text = BLOCK_SCALAR.sub(_block_scalar, text)
    text = MULTILINE_QUOTED.sub(_multiline_quoted, text)
    text = ESCAPED_LINE_ASSIGNMENT.sub(_escaped_line_assignment, text)
    text = LINE_ASSIGNMENT.sub(_line_assignment, text)
    text = QUOTED_ASSIGNMENT.sub(_quoted_assignment, text)
    text = ESCAPED_JSON.sub(_escaped_json, text)
    text = FLAG_OR_HEADER.sub(_flag_or_header, text)
    return ANY_ASSIGNMENT.sub(_high_entropy_assignment, text)


def known_secrets() -> list[str]:
    """The API key and the values of secret-named environment variables, longest first."""
    values = {
        value
        for name, value in os.environ.items()
        if (name == "ANTHROPIC_API_KEY" or secret_name(name))
        and len(value) >= MIN_KNOWN_LENGTH
        and not value.startswith("/")  # a socket or file path (SSH_AUTH_SOCK), not a secret
    }
    return sorted(values, key=len, reverse=True)


def _plugin_hits_redacted(line: str) -> str:
    for found in _plugin_secrets(line):
        if found in line and not re.search(r"\s", found):  # a private key's header has spaces
            line = _whole_tokens_redacted(line, found)
    return line


def _whole_tokens_redacted(line: str, found: str) -> str:
    """`line` with every token holding `found` replaced, scanning each character once."""
    parts, start = [], 0
    while (at := line.find(found, start)) >= 0:
        left = at
        while left > start and TOKEN_CHAR.match(line[left - 1]):
            left -= 1
        right = TOKEN_TAIL.match(line, at + len(found)).end()  # type: ignore[union-attr]
        parts += [line[start:left], REDACTED]
        start = right
    return "".join(parts) + line[start:]


def _plugin_secrets(line: str) -> list[str]:
    if len(line) < 6 or REDACTED == line.strip():
        return []
    return sorted(
        {
            s.secret_value or ""
            for plugin in _format_plugins()
            for s in plugin.analyze_line(filename="redaction", line=line, line_number=0)
        },
        key=len,
        reverse=True,
    )


@cache
def _format_plugins() -> tuple[Any, ...]:
    """detect-secrets' default plugins, less the entropy ones (step 4 does entropy) and IPs."""
    from detect_secrets.settings import default_settings, get_plugins  # lazy: heavy

    with default_settings():
        plugins = get_plugins()
    skipped = ("Base64HighEntropyString", "HexHighEntropyString", "IPPublicDetector")
    return tuple(p for p in plugins if type(p).__name__ not in skipped)


def _line_assignment(m: re.Match[str]) -> str:
    name, value = m[2], m[3]
    if not secret_name(name) or not _literal(value, separator=m[1].rstrip()[-1]):
        return m[0]
    return m[1] + REDACTED


def _key_body_line(m: re.Match[str]) -> str:
    body = m[2]
    mixed = all(re.search(c, body) for c in ("[a-z]", "[A-Z]", "[0-9]"))
    return m[1] + REDACTED if mixed and not HEX_LIKE.match(body) else m[0]


def _block_scalar(m: re.Match[str]) -> str:
    if not secret_name(m[4]):
        return m[0]
    first = re.match(NUMBER + r"[ \t]*", m[5])[0]  # type: ignore[index]
    return f"{m[1]}{m[2]}{m[3]}{first}{REDACTED}\n"


def _escaped_line_assignment(m: re.Match[str]) -> str:
    if not secret_name(m[2]) or not _literal(m[3], separator="="):
        return m[0]
    return m[1] + REDACTED


def _multiline_quoted(m: re.Match[str]) -> str:
    if not secret_name(m[2]) or TEMPLATED.match(m[4].strip()):
        return m[0]
    return f"{m[1]}{m[3]}{REDACTED}{m[3]}"


def _escaped_json(m: re.Match[str]) -> str:
    value = m[4]
    if not secret_name(m[3]) or value == REDACTED or TEMPLATED.match(value):
        return m[0]
    return m[1] + REDACTED


def _flag_or_header(m: re.Match[str]) -> str:
    flag, header, value = m[2], m[3], m[4]
    name = flag or header
    header_like = flag or "-" in header or header.lower() == "authorization"
    if not header_like or not secret_name(name) or not _literal(value, separator="="):
        return m[0]
    return m[1] + REDACTED


def _literal(value: str, *, separator: str) -> bool:
    """Whether `value` (the rest of a `NAME=value` line) is a literal, not code or a type."""
    stripped = value.strip()
    bare = stripped.strip("'\"")
    if bare.lower() in PLAIN_VALUES or TEMPLATED.match(bare):
        return False
    quoted = stripped[:1] in ("'", '"')
    if separator == "=" and quoted:
        return bool(bare)  # `NAME="a quoted value, spaces and all"`
    if _prose_or_expression(bare, quoted=quoted, separator=separator):
        return False
    if quoted:
        return bool(bare)
    if " " in bare and not CODE_VALUE.search(bare.replace(" ", "")):
        return True  # an INI value with spaces: `password = correct horse battery staple`
    if stripped.endswith((",", ";")) or (separator == ":" and TYPE_NAME.match(bare)):
        return False  # a keyword argument, a statement, a type annotation
    return len(bare) >= MIN_LITERAL_LENGTH and CODE_VALUE.search(bare) is None


def _prose_or_expression(bare: str, *, quoted: bool, separator: str) -> bool:
    """A spaced value that reads as a sentence (`password: use the vault`) or as code."""
    if " " not in bare or (separator == "=" and not CODE_WORDS.search(bare)):
        return False
    return bare.count(" ") >= PROSE_SPACES or not quoted


def _quoted_assignment(m: re.Match[str]) -> str:
    value = m[4]
    if not secret_name(m[2]) or value == REDACTED or TEMPLATED.match(value):
        return m[0]
    if value.count(" ") >= PROSE_SPACES:  # a sentence about a secret, not one
        return m[0]
    return f"{m[1]}{m[3]}{REDACTED}{m[3]}"


def _high_entropy_assignment(m: re.Match[str]) -> str:
    value = m[2]
    if not high_entropy(value):
        return m[0]
    return m[1] + REDACTED


def high_entropy(value: str) -> bool:
    """A long random-looking token: letters and digits mixed, not hex (ids, hashes)."""
    if len(value) < MIN_ENTROPY_LENGTH or HEX_LIKE.match(value) or "://" in value:
        return False
    classes = sum(bool(re.search(c, value)) for c in ("[a-z]", "[A-Z]", "[0-9]"))
    if classes < 2 or not re.search("[0-9]", value):
        return False
    counts = Counter(value)
    bits = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return bits >= MIN_ENTROPY_BITS


def redact_value(name: str, value: str) -> str:
    """The value of a variable called `name`, redacted without detect-secrets' plugins
    (they cost a second to load): the whole value when the name says secret, it looks
    like a random token or holds a known token format; a URL's password otherwise."""
    if not value:
        return value
    if secret_name(name) or high_entropy(value) or NO_PLUGIN_FORMATS.search(value):
        return REDACTED
    value = URL_PASSWORD.sub(lambda m: m[1] + REDACTED + m[3], value)
    return BARE_URL_PASSWORD.sub(lambda m: m[1] + REDACTED + m[3], value)
