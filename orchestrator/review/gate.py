"""The QA gate: run every enabled rule on a change and decide.

    review_change(project, base, head) -> ReviewReport(verdict, findings)

Rules see only what the change adds (see `orchestrator.review.diff`); the config's
``review:`` section switches rules off, re-grades them and waives findings with a reason.
With a model configured, the qa agent's LLM review is attached as `advisory` notes
(`orchestrator.review.advisory`) after the verdict is decided: it never changes it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from orchestrator.config.review import ReviewSettings, settings_of
from orchestrator.review.advisory import LABEL as ADVISORY_LABEL
from orchestrator.review.advisory import advisory_enabled, advisory_review
from orchestrator.review.context import ReviewContext, open_context, scratch_dir
from orchestrator.review.findings import (
    EXIT_CODES,
    Finding,
    Severity,
    Verdict,
    sort_findings,
    verdict_of,
)
from orchestrator.review.grading import graded
from orchestrator.review.rules import RULES, STARTED_EARLY

if TYPE_CHECKING:
    from orchestrator.project import Project
    from orchestrator.review.recorded_tests import RecordedTests
    from orchestrator.review.secret_worker import SecretScanner


@dataclass
class ReviewReport:
    base: str
    head: str
    verdict: Verdict
    findings: list[Finding]
    seconds: float = 0.0
    rules_run: list[str] = field(default_factory=list)
    # LLM review notes (or one "unavailable" line): shown, never part of the verdict
    advisory: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    @property
    def live(self) -> list[Finding]:
        """Findings that count (not waived)."""
        return [f for f in self.findings if f.waived is None]

    @property
    def waived(self) -> list[Finding]:
        return [f for f in self.findings if f.waived is not None]

    @property
    def inline_waivers(self) -> list[Finding]:
        """Findings whose line the change marked `# noqa` or `pragma: allowlist secret`."""
        return [f for f in self.findings if f.inline is not None]

    def by_owner(self, default: str | None = None) -> dict[str | None, list[Finding]]:
        """Findings that need work (errors and blocks), grouped by the agent that owns them."""
        grouped: dict[str | None, list[Finding]] = defaultdict(list)
        for f in self.live:
            if f.severity != "warning":
                grouped[f.owner or default].append(f)
        return dict(grouped)

    def counts(self) -> dict[str, int]:
        live = self.live
        return {s: sum(f.severity == s for f in live) for s in get_args(Severity)}

    def to_json(self) -> dict[str, object]:
        return {
            "verdict": self.verdict,
            "base": self.base,
            "head": self.head,
            "counts": {**self.counts(), "inline_waivers": len(self.inline_waivers)},
            "seconds": round(self.seconds, 3),
            "findings": [f.to_json() for f in self.findings],
            **({"advisory": {"label": ADVISORY_LABEL, "notes": self.advisory}}
               if self.advisory else {}),
        }  # fmt: skip


def review_change(
    project: Project,
    base: str,
    head: str = "HEAD",
    *,
    issue: int | None = None,
    run_tests: bool = True,
    advisory: bool = True,
    scanner: SecretScanner | None = None,
    recorded_tests: RecordedTests | None = None,
) -> ReviewReport:
    """Review the commits `base..head` of the project's repository.

    `advisory=False` skips the LLM review even when a model is configured. `scanner` is a
    secrets worker the caller started early (`secret_worker.started_scanner`).
    `recorded_tests`, checked by the caller against `head` and the config, are the test
    command's runs another CI job made (`review.recorded_tests`): the command is not run."""
    settings = settings_of(project.config)
    with scratch_dir() as scratch:
        ctx = open_context(
            project.root,
            base,
            head,
            config=project.config,
            settings=settings,
            owner_of=project.ownership.owner_of,
            scratch=Path(scratch),
            issue=issue,
            run_tests=run_tests,
            scanner=scanner,
            recorded_tests=recorded_tests,
        )
        try:
            report = run_rules(ctx)
        finally:
            ctx.stop_running()
        if advisory and advisory_enabled(project):
            report.advisory = advisory_review(project, ctx, report.findings).lines
        return report


def run_rules(ctx: ReviewContext) -> ReviewReport:
    started = time.perf_counter()
    findings: list[Finding] = []
    ran = []
    for rule_id, begin in STARTED_EARLY:  # they run while the rules before them do
        if ctx.settings.enabled(rule_id):
            begin(ctx)
    for ids, rule in RULES:
        if any(ctx.settings.enabled(rule_id) for rule_id in ids):
            findings += rule(ctx)
            ran.extend(ids)
    kept = apply_settings(ctx.settings, findings)
    seconds = time.perf_counter() - started
    return ReviewReport(ctx.base, ctx.head, verdict_of(kept), kept, seconds, ran)


def apply_settings(settings: ReviewSettings, findings: list[Finding]) -> list[Finding]:
    """Switch off, re-grade and waive as configured; drop duplicates; sort by severity."""
    kept: dict[tuple[str, str, int, str], Finding] = {}
    for finding in findings:
        applied = graded(settings, finding)
        if applied is not None:
            kept.setdefault((applied.rule, applied.file, applied.line, applied.message), applied)
    return sort_findings(list(kept.values()))


def record_test_runs(project: Project, base: str, head: str) -> RecordedTests:
    """The test command run as `review_change` would run it on `base..head` (at head, and
    at base when head fails), as the record the gate's job judges (`review --tests-to`)."""
    # lazy: only the tests job of a CI workflow records
    from orchestrator.review.recorded_tests import FORMAT, RecordedTests, recorded
    from orchestrator.review.rules.test_command import test_runs

    settings = settings_of(project.config)
    with scratch_dir() as scratch:
        ctx = open_context(
            project.root, base, head, config=project.config, settings=settings,
            owner_of=project.ownership.owner_of, scratch=Path(scratch),
        )  # fmt: skip
        runs = test_runs(ctx) if settings.run_tests else (None, None)
    head_run, base_run = runs
    return RecordedTests(
        format=FORMAT,
        base=ctx.base,
        head=ctx.head,
        test_command=project.config.test_command,
        test_workdir=project.config.test_workdir,
        head_run=recorded(head_run) if head_run is not None else None,
        base_run=recorded(base_run) if base_run is not None else None,
    )
