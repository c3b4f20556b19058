"""The one redaction pass: every kind of secret in the shapes tools show it, and code left alone."""

from __future__ import annotations

import base64
import hashlib

import pytest

from orchestrator.redaction import REDACTED, redact, redact_text


def numbered(text: str, sep: str = "\t") -> str:
    """`text` as read_file shows it: each line after its number."""
    return "".join(f"{n}{sep}{line}" for n, line in enumerate(text.splitlines(True), 1))


def leaked(secrets_corpus, text: str) -> list[str]:
    return [kind for kind, value in secrets_corpus.secrets.items() if value in text]


def test_every_kind_in_the_corpus_is_redacted_as_files_show_it(secrets_corpus, monkeypatch):
    for name, value in secrets_corpus.env.items():
        monkeypatch.setenv(name, value)
    env = "".join(f"{name}={value}\n" for name, value in secrets_corpus.env.items())
    shown = [
        numbered(secrets_corpus.dotenv),
        numbered(secrets_corpus.dotenv, sep=": "),
        numbered(secrets_corpus.source),
        secrets_corpus.dotenv + secrets_corpus.source + env,
        f"{secrets_corpus.source_path}:3: {secrets_corpus.source.splitlines()[2]}",
    ]
    for text in shown:
        redacted = redact_text(text)
        assert leaked(secrets_corpus, redacted) == [], redacted
        assert REDACTED in redacted and redact_text(redacted) == redacted


def test_a_name_value_line_is_redacted_after_a_line_number(secrets_corpus):
    """Neither in the environment nor in a format a plugin knows: only the name says it."""
    password = secrets_corpus.secrets["plain NAME=value password"]
    for line in (f"6\tSMTP_PASSWORD={password}", f"6: SMTP_PASSWORD={password}",
                 f"export SMTP_PASSWORD={password}", f"  - SMTP_PASSWORD={password}"):  # fmt: skip
        assert redact_text(line).endswith(f"SMTP_PASSWORD={REDACTED}"), line


def test_known_values_are_redacted_wherever_they_appear(monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "local-key-without-any-format")
    monkeypatch.setenv("PAYMENT_TOKEN", "tok_abc")  # too short to be replaced everywhere
    text = redact_text("the key local-key-without-any-format; tok_abc stays")
    assert text == f"the key {REDACTED}; tok_abc stays"


def test_mappings_redact_values_under_secret_names():
    value = redact({"api_key": "abc", "headers": {"Authorization": "x"}, "input_tokens": 5,
                    "note": ["password = 'hunter2-x'"], "author": "ada"})  # fmt: skip
    assert value == {"api_key": REDACTED, "headers": {"Authorization": REDACTED},
                     "input_tokens": 5, "note": [f"password = '{REDACTED}'"], "author": "ada"}  # fmt: skip


@pytest.mark.parametrize(
    "code",
    [
        "    password: str = Field(min_length=8)",
        "  password: string;",
        "    password: Password",
        "    token: str | None = None",
        "    id: Mapped[int] = mapped_column(primary_key=True)",
        '    author_id = Column(Integer, ForeignKey("users.id"))',
        "api_key = settings.api_key",
        'password = os.environ["DB_PASSWORD"]',
        "  accessToken = token;",
        "    status_code=status.HTTP_201_CREATED,",
        'revision = "a1b2c3d4e5f6"',
        "commit 3f786850e387550fdab836ed7e6dc881de23001b",
        "CHARS_PER_TOKEN = 4",
        '    "QA-SECRET": "A secret (key, token, password) in an added line",',
        "DATABASE_URL=postgresql://blog@db.internal:5432/blog",
        "TOKEN_URL=${AUTH_SERVER}/token",
    ],
)
def test_code_that_only_names_a_secret_is_left_as_it_is(code):
    assert redact_text(code) == code


KEY_LINE = "MIIEowIBAAKCAQEAq7BFUAR3xMtbYbT9pZ2wLm5vQ8sK4nJ1cF6dG0hR3eW9yUiO"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("-SMTP_PASSWORD=mailpass2024", "mailpass2024"),
        ("+SMTP_PASSWORD=mailpass2024", "mailpass2024"),
        ("12\t-SECRET_KEY=Zq8vLm2Xp9RtWk4NbYc7", "Zq8vLm2Xp9RtWk4NbYc7"),
        (f"2\t{KEY_LINE}\n3\t-----END RSA PRIVATE KEY-----", KEY_LINE),
        ('export DB_PASSWORD="correct horse battery staple"', "horse battery"),
        ("password = correct horse battery staple", "horse battery"),
        ("db:\n  password: |\n    Zq8vLm2Xp9RtWk4NbYc7\n", "Zq8vLm2Xp9RtWk4NbYc7"),
        ('PASSWORD = """\nabc-def-secret\n"""', "abc-def-secret"),
        ('{\\"stringData\\": {\\"password\\": \\"mailpass2024\\"}}', "mailpass2024"),
        ("psql postgresql://blog:Pa/ss-7781@db.internal/blog", "Pa/ss-7781"),
        ("psql postgresql://blog:p@ss-7781@db.internal/blog", "ss-7781"),
        ("mysql --password=mailpass2024 -u root blog", "mailpass2024"),
        ('curl -H "X-Api-Key: mailpass2024" https://api.example.com/', "mailpass2024"),
        ('curl -H "Authorization: Token mailpass2024" https://x/', "mailpass2024"),
        ("DB_PASS=mailpass2024\nMYSQL_PWD=mailpass2025\nREDIS_PASS=x", "mailpass202"),
        ("error: '(x\\nSMTP_PASSWORD=mailpass2024': missing )", "mailpass2024"),
    ],
)
def test_a_secret_in_this_shape_is_redacted(text, secret):
    redacted = redact_text(text)
    assert secret not in redacted and REDACTED in redacted, redacted
    assert redact_text(redacted) == redacted


def test_values_of_newly_named_secret_variables_are_redacted_everywhere(monkeypatch):
    monkeypatch.setenv("MYSQL_PWD", "plain-words-here")
    monkeypatch.setenv("OLDPWD", "not-a-secret-dir")
    assert redact_text("said plain-words-here in not-a-secret-dir") == (
        f"said {REDACTED} in not-a-secret-dir"
    )


@pytest.mark.parametrize(
    "code",
    [
        "password: str",
        "def check_password(password: str) -> bool:",
        "    if not password:",
        "-    if not password:",
        "+    return check_password(user.password, form.password)",
        "-api_key = settings.api_key",
        "+password = password or default_password",
        'headers = {"Authorization": f"Bearer {token}"}',
        "Authorization: Bearer {token}",
        'curl -H "Authorization: Bearer $TOKEN" https://x/',
        "mysql --password=$MYSQL_PWD -u root",
        "--- a/backend/app/settings.py",
        "+++ b/backend/app/settings.py",
        "@@ -1,4 +1,5 @@ def get_password_hash(password: str) -> str:",
        "database:\n  description: |\n    Zq8vLm2Xp9RtWk4NbYc7 is the host id\n",
        "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "npm install https://registry.npmjs.org:443/@scope/pkg",
        "docker pull docker://registry.local:5000/blog@sha256:e3b0c44298fc1c149afbf4c8996fb924",
    ],
)
def test_code_close_to_the_new_rules_is_left_as_it_is(code):
    assert redact_text(code) == code


def _sha_hex(n: int) -> str:
    return "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(n // 64 + 1))[:n]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        pytest.param("a" * 60_000, "a" * 60_000, id="one 60k token"),
        pytest.param("x=" + _sha_hex(60_000), _sha_hex(60_000), id="a 60k hex assignment"),
        pytest.param("a{color:red;margin:0 auto}" * 3_000, "margin:0 auto}a{", id="minified css"),
        pytest.param(
            base64.urlsafe_b64encode(bytes(range(256)) * 170).decode(), "AAECAwQF", id="base64url"
        ),
        pytest.param("u:" * 30_000 + "p@h.x", "u:u:u:", id="colons before an @"),
        pytest.param("x://a:" * 10_000, "x://a:x://a:", id="url prefixes"),
        pytest.param("a='" * 20_000, "a='a='", id="open quotes"),
        pytest.param("password = " + "x " * 30_000, REDACTED, id="a long spaced value"),
    ],
)
def test_large_inputs_of_backtracking_shapes_are_redacted_in_one_pass(text, kept):
    """The pass is linear: the suite's per-test timeout ends a quadratic one."""
    redacted = redact_text(text)
    assert kept in redacted and redact_text(redacted) == redacted
