"""Secrets in text, found by detect-secrets used as a library, with no review around it.

Every text file is scanned, whatever its name (`.lock`, `.svg`, `.min.js`): only content
with a NUL byte is taken as binary (`text_of`). detect-secrets' own file-name filters and
its inline allowlist are off (`scanning`): a line marked ``# pragma: allowlist secret``
is still reported, with `SecretHit.allowlisted` set, for the gate to show as an inline
waiver.

`scan_text` scans any text; `scan_lines` scans lines inside `scanning()`. Importing this
module does not import detect-secrets (about a tenth of a second): that waits for the
first scan, so `orchestrator.review.secret_worker` can do it in another process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from orchestrator.review.paths_of_tests import is_test_path

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without importing typing
if TYPE_CHECKING:
    from typing import Any

# Filters that would let a secret through on the file's name or an inline comment alone.
UNFILTERED = (
    "detect_secrets.filters.heuristic.is_non_text_file",
    "detect_secrets.filters.heuristic.is_lock_file",
    "detect_secrets.filters.heuristic.is_swagger_file",
    "detect_secrets.filters.allowlist.is_line_allowlisted",
)
ScanJob = tuple[list[str], str, "set[int] | None"]  # lines, file name, lines to scan (None: all)
# detect-secrets' keyword plugin reports any value assigned to a secret-like name. In
# documentation, in tests, and where the value says it is an example, that is an
# illustration no one can log in with (`POSTGRES_PASSWORD="your_password"`, `SECRET_KEY:
# test-key`, `postgresql://test_user:test_pass@localhost/test_db`); the
# plugins that know a credential's own shape (AWS, Stripe, private keys, tokens) still
# report there.
# A dependency's checksum, as lock files write it (npm's and yarn's `integrity sha512-…`,
# poetry's, uv's and pip's `sha256:…`, go.sum's `h1:…`): random-looking by design, and
# named by its algorithm, which no credential is.
CHECKSUM = re.compile(r"\b(?:sha1|sha224|sha256|sha384|sha512|md5|blake2b|h1)[-:][A-Za-z0-9+/=_-]+")
# ... or a value a key names as one (poetry's `content-hash = "…"`, Pipfile.lock's
# `"sha256": "…"`, any `checksum`, `digest`, `…_hash`).
NAMED_CHECKSUM = re.compile(
    r"""(?:hash|checksum|digest|sha1|sha224|sha256|sha384|sha512|md5)["']?\s*[:=]\s*["']"""
    r"""([A-Za-z0-9+/=_-]+)["']""",
    re.IGNORECASE,
)
HEX = re.compile(r"[0-9a-fA-F]+")
HEX_DIGEST_LENGTHS = frozenset({32, 40, 56, 64, 96, 128})  # MD5, SHA-1, SHA-224 … SHA-512
ENTROPY_KINDS = ("Base64 High Entropy String", "Hex High Entropy String")
KEYWORD_KIND = "Secret Keyword"
BASIC_AUTH_KIND = "Basic Auth Credentials"  # `scheme://user:password@host`
URL_CREDENTIALS = re.compile(r"://([^:/@\s]+):([^@\s]+)@")  # (user, password)
TEST_CODE_SUFFIXES = (".py", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs")
DEFAULT_LOGIN = re.compile(r"[a-z]{1,16}", re.IGNORECASE)
DOCUMENTATION = re.compile(r"(^|/)docs?/|\.(md|rst|adoc)$", re.IGNORECASE)  # not .txt: any notes
# A dotenv file (`.env`, `.env.production`, `app.env`) holds `KEY=value` with the value
# unquoted, which detect-secrets' keyword plugin reads only in config files it knows by
# their extension: it is read as one (`_as_read`). A template of one (`.env.example`) is
# left as it was, placeholders and local defaults being what it is for.
DOTENV = re.compile(r"(^|/)(\.env(\.[^/]*)?|[^/]*\.env)$", re.IGNORECASE)
DOTENV_TEMPLATE = re.compile(r"example|sample|template|dist|default", re.IGNORECASE)
DOTENV_EXPORT = re.compile(r"^\s*export\s+")
EXAMPLE_VALUE = re.compile(
    r"your|change|example|sample|dummy|placeholder|fake|test|xxx|replace|redacted|secret"
    r"|password|<|\.\.\.",
    re.IGNORECASE,
)
# Alembic's revision ids are random hex by design; the entropy check would flag every one.
ALEMBIC_REVISION = re.compile(
    r"""^\s*(down_)?revision\s*(:[^=]*)?=\s*(["'])[0-9a-f]{4,40}\3\s*(#.*)?$"""
)


@dataclass(frozen=True)
class SecretHit:
    line: int  # 1-based
    kind: str  # detect-secrets' secret type, e.g. "AWS Access Key"
    secret_hash: str
    allowlisted: bool  # the line (or the one before) carries `pragma: allowlist secret`


def scan_text(text: str, filename: str = "text", lines: set[int] | None = None) -> list[SecretHit]:
    """Secrets detect-secrets finds in `text` (only on `lines` when given), in line order."""
    with scanning():
        return scan_lines(git_lines(text), filename, lines)


def scan_lines(
    lines: list[str], filename: str = "text", wanted: set[int] | None = None
) -> list[SecretHit]:
    """Like `scan_text`, for text already split into lines; call it inside `scanning()`.

    Only the `wanted` lines are scanned (each with the lines around it as context, as
    detect-secrets gives them), so a change costs what it adds, not its files' length."""
    hits: dict[int, SecretHit] = {}
    numbers = sorted(n for n in wanted if 0 < n <= len(lines)) if wanted is not None else None
    for number, kind, secret_hash, context in _secrets(lines, filename, numbers):
        if number in hits or _alembic_revision(kind, lines, number):
            continue
        allowed = _allowlisted(filename, lines[number - 1].rstrip(), context)
        hits[number] = SecretHit(number, kind, secret_hash, allowed)
    return sorted(hits.values(), key=lambda hit: hit.line)


def job_size(job: ScanJob) -> int:
    """How many lines scanning `job` reads: what its cost grows with."""
    lines, _, wanted = job
    return len(lines if wanted is None else wanted)


@contextmanager
def scanning() -> Iterator[None]:
    """detect-secrets' default plugins with the name filters and the allowlist turned off."""
    from detect_secrets.settings import default_settings, get_filters, get_settings

    with default_settings():
        get_settings().disable_filters(*UNFILTERED)
        get_filters.cache_clear()
        try:
            yield
        finally:
            get_filters.cache_clear()


def load_plugins() -> None:
    """Build detect-secrets' plugins now (they compile their patterns on first use), inside
    `scanning()`, so that the first scan does not wait for them."""
    from detect_secrets.settings import get_plugins

    get_plugins()


def text_of(data: bytes) -> str | None:
    """The text of a file's bytes, or None for binary content (a NUL byte)."""
    return None if b"\0" in data else data.decode("utf-8", errors="replace")


def git_lines(text: str) -> list[str]:
    """Lines as git numbers them: split at newlines only. `str.splitlines` also breaks at a
    form feed, U+2028 and others, which would move a secret off the added line numbers."""
    return text.removesuffix("\n").split("\n")


def _secrets(
    lines: list[str], filename: str, numbers: list[int] | None
) -> Iterator[tuple[int, str, str, object]]:
    """(line, type, hash, context) of each secret detect-secrets' plugins report and its
    filters keep, on the numbered lines (all when None): its own line-based scan, by line."""
    from detect_secrets.core.scan import _is_filtered_out, _scan_line
    from detect_secrets.settings import get_plugins
    from detect_secrets.util.code_snippet import get_code_snippet

    for number in numbers if numbers is not None else range(1, len(lines) + 1):
        line = lines[number - 1].rstrip()
        context = get_code_snippet(lines, number)
        if _is_filtered_out(["line"], filename=filename, line=line, context=context):
            continue
        read_as, read = _as_read(filename, line)
        for plugin in get_plugins():
            for secret in _scan_line(plugin, read_as, read, number, context):
                if _kept(secret, plugin, line, context):
                    yield number, secret.type, secret.secret_hash, context


def _as_read(filename: str, line: str) -> tuple[str, str]:
    """The name and line detect-secrets' plugins see: a dotenv file's as a config file's,
    its lines without the shell's ``export``."""
    name = filename.rpartition("/")[2]
    if DOTENV.search(filename) and not DOTENV_TEMPLATE.search(name):
        return f"{filename}.ini", DOTENV_EXPORT.sub("", line)
    return filename, line


def _kept(secret: Any, plugin: object, line: str, context: object) -> bool:
    """Whether a reported secret survives detect-secrets' context filters and ours."""
    from detect_secrets.core.scan import _is_filtered_out

    value = secret.secret_value or ""
    if _is_filtered_out(
        ["context"], filename=secret.filename, secret=secret.secret_value,
        plugin=plugin, line=line, context=context,
    ):  # fmt: skip
        return False
    return not _an_example(secret.type, value, secret.filename, line) and not _a_checksum(
        secret.type, value, line
    )


def _an_example(kind: str, value: str, filename: str, line: str) -> bool:
    """A keyword or URL password that illustrates rather than leaks (see `EXAMPLE_VALUE`),
    or a URL whose password is its user name (`postgres:postgres`, an image's default)."""
    if kind == KEYWORD_KIND and (DOCUMENTATION.search(filename) or _test_code(filename)):
        return True
    if kind == BASIC_AUTH_KIND and _a_default_login(value, line):
        return True
    return kind in (KEYWORD_KIND, BASIC_AUTH_KIND) and EXAMPLE_VALUE.search(value) is not None


def _a_default_login(value: str, line: str) -> bool:
    """A URL whose password is its user name and a plain word (`postgres:postgres`,
    `guest:guest`): an image's default. A random string repeated as both
    (`k8Jq2mXv9pLw:k8Jq2mXv9pLw`) is a credential some services take that way."""
    if DEFAULT_LOGIN.fullmatch(value) is None:
        return False
    return (value, value) in URL_CREDENTIALS.findall(line)


def _test_code(filename: str) -> bool:
    """A test's code logs in as users it makes up (`TESTS_USER_PASSWORD = "geralt"`); the
    configuration in a test folder (`deploy/test/values.yaml`, `tests/.env`) is a test
    environment's, whose servers are real."""
    return filename.endswith(TEST_CODE_SUFFIXES) and is_test_path(filename)


def _a_checksum(kind: str, value: str, line: str) -> bool:
    """A random-looking string that is a checksum named by its algorithm or its key
    (`CHECKSUM`, `NAMED_CHECKSUM`)."""
    if kind not in ENTROPY_KINDS:
        return False
    if any(value in m.group() for m in CHECKSUM.finditer(line)):
        return True
    return any(
        value in m.group(1) and _a_hex_digest(m.group(1)) for m in NAMED_CHECKSUM.finditer(line)
    )


def _a_hex_digest(text: str) -> bool:
    """A key's name is the only thing that says its value is a checksum, so the value must
    also look like one: hex, as long as MD5's to SHA-512's (a key named `digest` holding
    `hQ7x2Lm9…` is a key)."""
    return len(text) in HEX_DIGEST_LENGTHS and HEX.fullmatch(text) is not None


def _allowlisted(filename: str, line: str, context: object) -> bool:
    from detect_secrets.filters.allowlist import is_line_allowlisted

    return is_line_allowlisted(filename, line, context)  # type: ignore[arg-type]


def _alembic_revision(kind: str, lines: list[str], number: int) -> bool:
    text = lines[number - 1] if 0 < number <= len(lines) else ""
    return kind == "Hex High Entropy String" and ALEMBIC_REVISION.match(text) is not None
