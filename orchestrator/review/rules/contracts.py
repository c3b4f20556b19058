"""QA-CONTRACT-DRIFT: Pydantic↔TypeScript drift the change introduces (base vs head).

Only drift that head has and base had not counts; it goes to the frontend (`vue`), which
follows the API, unless ownership says the TypeScript file belongs to someone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.names import BuiltinAgent
from orchestrator.review.catalog import CONTRACT_DRIFT
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding

if TYPE_CHECKING:
    from orchestrator.index.contracts.check import Drift

CONTRACT_SUFFIXES = (".py", ".ts", ".vue")
FRONTEND: BuiltinAgent = "vue"


def check(ctx: ReviewContext) -> list[Finding]:
    if not ctx.files(*CONTRACT_SUFFIXES) or not ctx.scope.reaches_index:
        return []
    # lazy: most changes reach no contract, and the check's modules are not small
    from orchestrator.index.contracts.check import check_contracts

    mapping = dict(ctx.config.contracts)
    head = check_contracts(ctx.head_index, mapping=mapping, owner_of=ctx.owner_of).drifts
    base = check_contracts(ctx.base_index, mapping=mapping).drifts
    known = {_key(d) for d in base}
    return [_finding(ctx, d) for d in head if _key(d) not in known]


def _key(drift: Drift) -> tuple[str, str, str, str]:
    return (drift.kind, drift.schema, drift.ts_type, drift.field)


def _finding(ctx: ReviewContext, drift: Drift) -> Finding:
    file, _, line = drift.ts_location.rpartition(":")
    found = ctx.finding(
        CONTRACT_DRIFT,
        drift.severity,
        file or drift.ts_location,
        int(line) if line.isdigit() else 0,
        f"{drift.schema} ↔ {drift.ts_type}: {drift.message}",
        f"update the TypeScript type {drift.ts_type} to match the API schema {drift.schema}",
    )
    return found if found.owner else found.with_owner(FRONTEND)
