"""The one redaction pass: every kind of secret in the shapes tools show it, and code left alone."""

from __future__ import annotations

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
