"""One line about each rule id the gate reports, for SARIF and `--help`-style listings."""

from __future__ import annotations

RULE_TEXT: dict[str, str] = {
    "QA-OWNERSHIP": "A commit's Agent: trailer names an agent that does not own a file it changed",
    "QA-COMMIT-ISSUE": "A commit of an EXECUTE pull request does not reference its issue (#N)",
    "QA-TESTS-MISSING": "Source changed with no test changed",
    "QA-SECRET": "A secret (key, token, password) in an added line",
    "QA-SOURCE-ENCODING": "Python source that declares an encoding other than UTF-8",
    "QA-SQL-STRING": "SQL built from strings passed to text() or execute()",
    "QA-ASYNC-BLOCKING": "A sync DB session or blocking I/O inside an async def",
    "QA-N-PLUS-ONE": "An awaited query inside a loop",
    "QA-MIGRATION-MISSING": "A model changed without a new Alembic revision",
    "QA-SENSITIVE-RESPONSE": "A response model exposes a password, hash, secret or token field",
    "QA-REQUEST-BODY": "A request body that is not a Pydantic model (dict, Any)",
    "QA-ENDPOINT-DOCS": "A new endpoint without a summary or docstring",
    "QA-CONTRACT-DRIFT": "Pydantic and TypeScript types drift apart",
    "QA-TESTS-FAIL": "Tests fail with the change that do not fail on base",
    "QA-TESTS-PREEXISTING": "Tests that already fail on base (not charged to the change)",
    "QA-TESTS-UNRUNNABLE": "The test command cannot reach the tests here, on base as well",
}


def rule_text(rule: str) -> str:
    if rule in RULE_TEXT:
        return RULE_TEXT[rule]
    if rule.startswith("RUFF-"):
        return f"ruff rule {rule.removeprefix('RUFF-')}"
    return rule
