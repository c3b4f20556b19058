"""The sprint's `--max-cost`, shared among the runs of its tasks.

Each task's process gets its own `--max-cost`: an equal share of what is neither spent by
finished runs nor promised to running ones. A run stops cleanly before it would cost more
than its share, so the sprint as a whole never costs more than its budget. When a run
ends, what it did not spend of its share is free again; no task starts once nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SprintBudget:
    limit: float | None  # USD; None: no sprint limit (each run keeps the config's own)
    spent: float = 0.0
    promised: dict[str, float] = field(default_factory=dict)  # running task -> its share

    @property
    def free(self) -> float | None:
        if self.limit is None:
            return None
        return max(0.0, self.limit - self.spent - sum(self.promised.values()))

    def can_start(self) -> bool:
        free = self.free
        return free is None or free > 0

    def share(self, task: str, starting: int) -> float | None:
        """Promise `task` its share of the free budget, `starting` tasks starting now."""
        free = self.free
        if free is None:
            return None
        amount = free / max(1, starting)
        self.promised[task] = amount
        return amount

    def settle(self, task: str, cost_usd: float) -> None:
        """`task`'s run ended having spent `cost_usd`."""
        self.promised.pop(task, None)
        self.spent += cost_usd
