"""The review rules, one module per concern, and the order they run in.

Each rule is a function ``(ReviewContext) -> list[Finding]``; `RULES` names each by the
ids it can report, so the config can switch a whole rule off without running it.
"""

from __future__ import annotations

from collections.abc import Callable

from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.rules import (
    api,
    async_code,
    contracts,
    encoding,
    history,
    migrations,
    ruff,
    secrets,
    sql,
    test_command,
)

Rule = Callable[[ReviewContext], list[Finding]]

# (rule ids it reports, the check); cheap checks first, the test run last.
RULES: tuple[tuple[tuple[str, ...], Rule], ...] = (
    (("QA-OWNERSHIP",), history.ownership),
    (("QA-COMMIT-ISSUE",), history.issue_refs),
    (("QA-TESTS-MISSING",), history.tests_changed),
    (("QA-SECRET",), secrets.check),
    (("QA-SOURCE-ENCODING",), encoding.check),
    (("RUFF-*",), ruff.check),
    (("QA-SQL-STRING",), sql.check),
    (("QA-ASYNC-BLOCKING", "QA-N-PLUS-ONE"), async_code.check),
    (("QA-MIGRATION-MISSING",), migrations.check),
    (("QA-SENSITIVE-RESPONSE",), api.sensitive_responses),
    (("QA-REQUEST-BODY",), api.loose_bodies),
    (("QA-ENDPOINT-DOCS",), api.endpoint_docs),
    (("QA-CONTRACT-DRIFT",), contracts.check),
    (("QA-TESTS-FAIL", "QA-TESTS-PREEXISTING", "QA-TESTS-UNRUNNABLE"), test_command.check),
)

RULE_IDS: tuple[str, ...] = tuple(rule for ids, _ in RULES for rule in ids)
