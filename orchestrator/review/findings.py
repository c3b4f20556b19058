"""What a review finds and what it decides: `Finding`, `Verdict`, `verdict_of`.

A finding names a stable rule id (``QA-SECRET``, ``RUFF-S105``), a severity, the place
(repo-relative file and 1-based line; line 0 when the finding is about the whole change),
what is wrong, how to fix it, and the agent that owns the file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from project_state.verdicts import Severity, Verdict

SEVERITY_ORDER: dict[Severity, int] = {"block": 0, "error": 1, "warning": 2}
EXIT_CODES: dict[Verdict, int] = {"APPROVE": 0, "REQUEST_CHANGES": 1, "BLOCK": 3}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    file: str
    line: int
    message: str
    fix: str
    owner: str | None = None
    waived: str | None = None  # the written reason when a waiver in the config covers it
    # the suppression comment the change itself wrote on the line (`# noqa: S608`): shown
    # as an inline waiver, never honoured
    inline: str | None = None

    def with_owner(self, owner: str | None) -> Finding:
        return self if self.owner else replace(self, owner=owner)

    def with_inline(self, comment: str) -> Finding:
        return replace(self, inline=comment)

    @property
    def described(self) -> str:
        """The message, with the inline waiver the change wrote when there is one."""
        if self.inline is None:
            return self.message
        return f"{self.message} [inline waiver {self.inline!r} written by the change: not honoured]"

    @property
    def place(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def verdict_of(findings: list[Finding]) -> Verdict:
    """BLOCK on any blocking finding, REQUEST_CHANGES on any error, else APPROVE."""
    live = [f for f in findings if f.waived is None]
    if any(f.severity == "block" for f in live):
        return "BLOCK"
    if any(f.severity == "error" for f in live):
        return "REQUEST_CHANGES"
    return "APPROVE"


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.file, f.line, f.rule))
