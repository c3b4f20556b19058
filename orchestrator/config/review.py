"""The ``review:`` section of stackcrew.yaml: which rules run, at what severity, waivers.

```yaml
review:
  max_rounds: 2                 # REQUEST CHANGES rounds in EXECUTE before the task is BLOCKED
  run_tests: true
  advisory: true                # with a model configured: the qa agent's notes (never the verdict)
  rules:
    RUFF-T201: {enabled: false}
    QA-TESTS-MISSING: {severity: warning}
  waivers:
    - {rule: QA-SECRET, path: "backend/tests/fixtures/*", reason: "fake keys for tests"}
```
"""

from __future__ import annotations

from pydantic import Field

from project_state.strict_model import StrictModel
from project_state.verdicts import Severity

RUFF_SELECT = ["ANN", "ASYNC", "S", "FAST", "B904", "E722", "T20"]
RUFF_IGNORE = ["S101", "ANN401"]


class RuleSetting(StrictModel):
    enabled: bool = True
    severity: Severity | None = None


class Waiver(StrictModel):
    """Accept findings of `rule` (in files matching `path`, at `line`) for a stated reason."""

    rule: str = Field(min_length=1)
    path: str = "*"
    line: int | None = None
    reason: str = Field(min_length=10, description="why this is acceptable; it is logged")


class ReviewSettings(StrictModel):
    max_rounds: int = Field(default=2, ge=0)
    run_tests: bool = True
    advisory: bool = True  # an LLM review as advisory notes when a model is configured
    ruff_select: list[str] = RUFF_SELECT
    ruff_ignore: list[str] = RUFF_IGNORE
    rules: dict[str, RuleSetting] = Field(default_factory=dict)
    waivers: list[Waiver] = Field(default_factory=list)

    def enabled(self, rule: str) -> bool:
        setting = self.setting(rule)
        return setting is None or setting.enabled

    def setting(self, rule: str) -> RuleSetting | None:
        if rule in self.rules:
            return self.rules[rule]
        prefixes = [key for key in self.rules if key.endswith("*") and rule.startswith(key[:-1])]
        return self.rules[max(prefixes, key=len)] if prefixes else None


def settings_of(config: object) -> ReviewSettings:
    """The project's review settings (defaults until `Config` has a `review` key)."""
    found = getattr(config, "review", None)
    return found if isinstance(found, ReviewSettings) else ReviewSettings()
