"""An LLM review of the change, as advisory notes: it never changes the verdict.

    advisory_review(project, ctx, findings) -> Advisory(notes, unavailable)

With a model configured (`orchestrator.engine_choice.model_configured_with`, engine not `offline`)
and `review.advisory` on, the qa agent answers in CONSULT mode (read-only workspace) from
a summary of the change: the changed files, the evidence findings and the diff (cut to a
size). Its answer becomes the notes. Any failure (no answer, an API fault, a bug) gives
no notes and a one-line `unavailable` reason instead; nothing here raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from agents.names import REVIEWER
from orchestrator.config import Limits
from orchestrator.config.review import settings_of
from orchestrator.engine_choice import model_configured_with

if TYPE_CHECKING:
    from orchestrator.engine import Engine
    from orchestrator.project import Project
    from orchestrator.review.context import ReviewContext
    from orchestrator.review.findings import Finding

LABEL = "advisory (model) — does not affect the verdict"
MAX_DIFF_CHARS = 12_000
MAX_FINDINGS = 50
MAX_RETRIES = 2
TIMEOUT_SECONDS = 120.0
INSTRUCTION = (
    "Review the change {base}..{head} of this repository as a code reviewer. Your notes are "
    "advisory: the automated gate has already decided the verdict from the evidence below, "
    "and nothing you say changes it. Point out correctness, security, design or test gaps "
    "the evidence missed, briefly, citing file:line. Read files with the tools when the diff "
    "is not enough. Answer with the notes only."
)
LIMITS = Limits(max_turns=12, max_cost_usd=0.5, max_seconds=300)


@dataclass
class Advisory:
    notes: list[str] = field(default_factory=list)
    unavailable: str | None = None  # one line: why there are no notes

    @property
    def lines(self) -> list[str]:
        """What to show: the notes, else the one-line reason."""
        return self.notes or ([self.unavailable] if self.unavailable else [])


def advisory_enabled(project: Project) -> bool:
    """A model is configured, the config does not force `engine: offline`, `review.advisory`."""
    return (
        settings_of(project.config).advisory
        and project.config.engine != "offline"
        and model_configured_with(project.config.base_url)
    )


def advisory_review(
    project: Project,
    ctx: ReviewContext,
    findings: list[Finding],
    *,
    engine: Engine | None = None,
) -> Advisory:
    """Ask the qa agent to review the change; its answer as notes, or why there is none."""
    try:
        # lazy: pathspec loads only when this runs
        from orchestrator.consult_mode import run_consult
        from orchestrator.planning import plan_consult

        question = review_question(ctx, findings)
        outcome = run_consult(
            project, plan_consult(project, REVIEWER, question), engine or _engine(project)
        )
    except Exception as exc:  # noqa: BLE001 — advisory only: never fail the review
        return Advisory(unavailable=_unavailable(f"{type(exc).__name__}: {exc}"))
    answer = (outcome.summary or "").strip()
    if outcome.status == "blocked" or not answer:
        return Advisory(unavailable=_unavailable(outcome.reason or answer or "no answer"))
    return Advisory(notes=[answer])


def review_question(ctx: ReviewContext, findings: list[Finding]) -> str:
    """The change as the qa agent sees it: files, evidence findings, the (cut) diff."""
    from orchestrator.git_repo import PLAIN_PATCH, git  # lazy: keeps importing this module light

    files = [
        f"- {path} ({status}, {len(ctx.changes.lines(path))} added lines)"
        for path, status in sorted(ctx.changes.status.items())
    ]
    live = [f for f in findings if f.waived is None][:MAX_FINDINGS]
    found = [f"- {f.severity} {f.rule} at {f.place}: {f.message.splitlines()[0]}" for f in live]
    try:
        diff = git(ctx.root, "diff", *PLAIN_PATCH, f"{ctx.base}..{ctx.head}")
    except Exception:  # noqa: BLE001 — the summary above is enough to go on
        diff = ""
    if len(diff) > MAX_DIFF_CHARS:
        diff = diff[:MAX_DIFF_CHARS] + f"\n... (diff cut at {MAX_DIFF_CHARS} characters)"
    return "\n".join([
        INSTRUCTION.format(base=ctx.base[:12], head=ctx.head[:12]),
        "",
        "Changed files:",
        *(files or ["- (none)"]),
        "",
        "Evidence findings of the gate:",
        *(found or ["- (none)"]),
        "",
        "Diff:",
        "```diff",
        diff.rstrip() or "(empty)",
        "```",
    ])  # fmt: skip


def _engine(project: Project) -> Engine:
    from orchestrator.engines.model import ModelEngine  # lazy: pathspec loads only when this runs

    limits = LIMITS.model_copy(
        update={"max_cost_usd": min(LIMITS.max_cost_usd, project.config.limits.max_cost_usd)}
    )
    return ModelEngine.for_project(
        project,
        limits=limits,
        on_event=lambda _event: None,  # no live view: the review's output must stay clean
        max_retries=MAX_RETRIES,
        timeout=TIMEOUT_SECONDS,
    )


def _unavailable(reason: str) -> str:
    first = next((line.strip() for line in reason.splitlines() if line.strip()), "unknown error")
    return f"advisory review unavailable: {first[:200]}"
