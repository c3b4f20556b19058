"""The sprint's `--max-cost` shared among its runs: what is promised is never more than
what is left, and what a run did not spend is free again."""

from __future__ import annotations

import pytest

from orchestrator.sprint.budget import SprintBudget


def test_running_tasks_share_what_is_left() -> None:
    budget = SprintBudget(1.0)
    assert budget.share("TASK-001", 2) == 0.5
    assert budget.share("TASK-002", 1) == 0.5
    assert not budget.can_start()
    budget.settle("TASK-001", 0.2)
    assert budget.free == pytest.approx(0.3)
    assert budget.share("TASK-003", 1) == pytest.approx(0.3)


def test_the_total_promised_and_spent_never_exceeds_the_limit() -> None:
    budget = SprintBudget(0.9)
    for n in range(1, 31):
        if not budget.can_start():
            oldest = next(iter(budget.promised))
            budget.settle(oldest, budget.promised[oldest])  # each run spends all it may
        budget.share(f"TASK-{n:03d}", 3)
        assert budget.spent + sum(budget.promised.values()) <= 0.9 + 1e-9


def test_no_limit_promises_nothing() -> None:
    budget = SprintBudget(None)
    assert budget.can_start() and budget.share("TASK-001", 2) is None and budget.free is None
