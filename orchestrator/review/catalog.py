"""Every rule id the gate reports, written once here, with one line about each.

The rules import their ids from here and `rules.RULES` groups them by the check that
reports them (a test holds that the two name the same ids); SARIF and `--help`-style
listings take the lines.
"""

from __future__ import annotations

OWNERSHIP = "QA-OWNERSHIP"
COMMIT_ISSUE = "QA-COMMIT-ISSUE"
TESTS_MISSING = "QA-TESTS-MISSING"
SECRET = "QA-SECRET"
SOURCE_ENCODING = "QA-SOURCE-ENCODING"
CACHE_COMMITTED = "QA-CACHE-COMMITTED"
SQL_STRING = "QA-SQL-STRING"
ASYNC_BLOCKING = "QA-ASYNC-BLOCKING"
N_PLUS_ONE = "QA-N-PLUS-ONE"
MIGRATION_MISSING = "QA-MIGRATION-MISSING"
SENSITIVE_RESPONSE = "QA-SENSITIVE-RESPONSE"
REQUEST_BODY = "QA-REQUEST-BODY"
ENDPOINT_DOCS = "QA-ENDPOINT-DOCS"
ROUTER_UNREAD = "QA-ROUTER-UNREAD"
CONTRACT_DRIFT = "QA-CONTRACT-DRIFT"
TESTS_FAIL = "QA-TESTS-FAIL"
TESTS_PREEXISTING = "QA-TESTS-PREEXISTING"
TESTS_UNRUNNABLE = "QA-TESTS-UNRUNNABLE"
# Ruff's findings are `RUFF-<code>`, one id per ruff rule; the config names them all as one.
RUFF_PREFIX = "RUFF-"
RUFF = f"{RUFF_PREFIX}*"
# Not a rule of the gate: the advisory notes of a model, as SARIF results of their own.
ADVISORY = "QA-ADVISORY"

RULE_TEXT: dict[str, str] = {
    OWNERSHIP: "A commit's Agent: trailer names an agent that does not own a file it changed",
    COMMIT_ISSUE: "A commit of an EXECUTE pull request does not reference its issue (#N)",
    TESTS_MISSING: "Source changed with no test changed",
    SECRET: "A secret (key, token, password) in an added line",
    SOURCE_ENCODING: "Python source that declares an encoding other than UTF-8",
    CACHE_COMMITTED: "A file committed under .stackcrew-cache/, stackcrew's own cache",
    SQL_STRING: "SQL built from strings passed to text() or execute()",
    ASYNC_BLOCKING: "A sync DB session or blocking I/O inside an async def",
    N_PLUS_ONE: "An awaited query inside a loop",
    MIGRATION_MISSING: "A model changed without a new Alembic revision",
    SENSITIVE_RESPONSE: "A response model exposes a password, hash, secret or token field",
    REQUEST_BODY: "A request body that is not a Pydantic model (dict, Any)",
    ENDPOINT_DOCS: "A new endpoint without a summary or docstring",
    ROUTER_UNREAD: "A router included or mounted whose endpoints the review cannot read",
    CONTRACT_DRIFT: "Pydantic and TypeScript types drift apart",
    TESTS_FAIL: "Tests fail with the change that do not fail on base",
    TESTS_PREEXISTING: "Tests that already fail on base (not charged to the change)",
    TESTS_UNRUNNABLE: "The test command cannot reach the tests here, on base as well",
}


def rule_text(rule: str) -> str:
    if rule in RULE_TEXT:
        return RULE_TEXT[rule]
    if rule.startswith(RUFF_PREFIX):
        return f"ruff rule {rule.removeprefix(RUFF_PREFIX)}"
    return rule
