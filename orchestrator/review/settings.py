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

from dataclasses import replace
from fnmatch import fnmatchcase

from pydantic import BaseModel, ConfigDict, Field

from orchestrator.review.findings import Finding, Severity

RUFF_SELECT = ["ANN", "ASYNC", "S", "FAST", "B904", "E722", "T20"]
RUFF_IGNORE = ["S101", "ANN401"]
# Ruff codes graded above the default `error`; others of `ANN` are graded below it.
RUFF_BLOCKING = ("S105", "S106", "S107", "S608")
RUFF_TEST_IGNORES = ("ANN", "S101", "S105", "S106", "S107", "S311")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RuleSetting(_Strict):
    enabled: bool = True
    severity: Severity | None = None


class Waiver(_Strict):
    """Accept findings of `rule` (in files matching `path`, at `line`) for a stated reason."""

    rule: str = Field(min_length=1)
    path: str = "*"
    line: int | None = None
    reason: str = Field(min_length=10, description="why this is acceptable; it is logged")

    def covers(self, finding: Finding) -> bool:
        return (
            fnmatchcase(finding.rule, self.rule)
            and fnmatchcase(finding.file, self.path)
            and (self.line is None or self.line == finding.line)
        )


class ReviewSettings(_Strict):
    max_rounds: int = Field(default=2, ge=0)
    run_tests: bool = True
    advisory: bool = True  # an LLM review as advisory notes when a model is configured
    ruff_select: list[str] = RUFF_SELECT
    ruff_ignore: list[str] = RUFF_IGNORE
    rules: dict[str, RuleSetting] = {}
    waivers: list[Waiver] = []

    def enabled(self, rule: str) -> bool:
        setting = self._setting(rule)
        return setting is None or setting.enabled

    def apply(self, finding: Finding) -> Finding | None:
        """The finding re-graded and waived as configured; None when its rule is off."""
        setting = self._setting(finding.rule)
        if setting is not None and not setting.enabled:
            return None
        if setting is not None and setting.severity is not None:
            finding = replace(finding, severity=setting.severity)
        waiver = next((w for w in self.waivers if w.covers(finding)), None)
        if waiver is not None:
            finding = replace(finding, waived=waiver.reason)
        return finding

    def _setting(self, rule: str) -> RuleSetting | None:
        if rule in self.rules:
            return self.rules[rule]
        prefixes = [key for key in self.rules if key.endswith("*") and rule.startswith(key[:-1])]
        return self.rules[max(prefixes, key=len)] if prefixes else None


def settings_of(config: object) -> ReviewSettings:
    """The project's review settings (defaults until `Config` has a `review` key)."""
    found = getattr(config, "review", None)
    return found if isinstance(found, ReviewSettings) else ReviewSettings()
