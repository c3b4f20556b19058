"""The review rules, one module per concern, and the order they run in.

Each rule is a function ``(ReviewContext) -> list[Finding]``; `RULES` names each by the
ids it can report, so the config can switch a whole rule off without running it. The
rules in `STARTED_EARLY` run in other processes: they are started before any rule runs
and collected in their turn. The order of the rules is not the order of the report,
which is sorted (`findings.sort_findings`).
"""

from __future__ import annotations

from collections.abc import Callable

from orchestrator.review import catalog
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding
from orchestrator.review.rules import (
    api,
    async_code,
    committed_cache,
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
Start = Callable[[ReviewContext], None]

# (rule id, what starts it): ruff is a subprocess, the secrets scan a forked worker.
STARTED_EARLY: tuple[tuple[str, Start], ...] = (
    (catalog.RUFF, ruff.start),
    (catalog.SECRET, secrets.start),
)
# (rule ids it reports, the check); cheap checks first, then the secrets scan (collected
# after the rules that run here), the test run last.
RULES: tuple[tuple[tuple[str, ...], Rule], ...] = (
    ((catalog.OWNERSHIP,), history.ownership),
    ((catalog.COMMIT_ISSUE,), history.issue_refs),
    ((catalog.TESTS_MISSING,), history.tests_changed),
    ((catalog.SOURCE_ENCODING,), encoding.check),
    ((catalog.CACHE_COMMITTED,), committed_cache.check),
    ((catalog.RUFF,), ruff.check),
    ((catalog.SQL_STRING,), sql.check),
    ((catalog.ASYNC_BLOCKING, catalog.N_PLUS_ONE), async_code.check),
    ((catalog.MIGRATION_MISSING,), migrations.check),
    ((catalog.SENSITIVE_RESPONSE,), api.sensitive_responses),
    ((catalog.REQUEST_BODY,), api.loose_bodies),
    ((catalog.ENDPOINT_DOCS,), api.endpoint_docs),
    ((catalog.ROUTER_UNREAD,), api.unread_routers),
    ((catalog.CONTRACT_DRIFT,), contracts.check),
    ((catalog.SECRET,), secrets.check),
    (
        (catalog.TESTS_FAIL, catalog.TESTS_PREEXISTING, catalog.TESTS_UNRUNNABLE),
        test_command.check,
    ),
)

RULE_IDS: tuple[str, ...] = tuple(rule for ids, _ in RULES for rule in ids)
