"""The `review:` section of stackcrew.yaml applied to what the rules found: a rule switched
off drops its findings, a configured severity re-grades them, a waiver marks them waived
with its written reason (they stay in the report, they no longer decide the verdict)."""

from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase

from orchestrator.config.review import ReviewSettings, Waiver
from orchestrator.review.findings import Finding


def graded(settings: ReviewSettings, finding: Finding) -> Finding | None:
    """The finding re-graded and waived as configured; None when its rule is off."""
    setting = settings.setting(finding.rule)
    if setting is not None and not setting.enabled:
        return None
    if setting is not None and setting.severity is not None:
        finding = replace(finding, severity=setting.severity)
    waiver = next((w for w in settings.waivers if covers(w, finding)), None)
    if waiver is not None:
        finding = replace(finding, waived=waiver.reason)
    return finding


def covers(waiver: Waiver, finding: Finding) -> bool:
    """Whether the waiver names the finding's rule, file and (when it gives one) line."""
    return (
        fnmatchcase(finding.rule, waiver.rule)
        and fnmatchcase(finding.file, waiver.path)
        and (waiver.line is None or waiver.line == finding.line)
    )
