"""The findings of recorded QA reviews, as the reviewer's CONSULT answer lists them."""

from __future__ import annotations

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

CLOSED = frozenset(
    {"resolved", "closed", "fixed", "done", "wontfix", "waived", "superseded", "merged"}
)


def is_open(finding: Any) -> bool:
    """Whether a finding of a recorded review still stands (a bare one does)."""
    if not isinstance(finding, dict):
        return True
    status = str(finding.get("status", "open")).lower()
    return status not in CLOSED and not finding.get("resolved", False)


def finding_text(finding: Any) -> str:
    """``[severity] file:line message``, as much of it as the finding says."""
    if not isinstance(finding, dict):
        return str(finding)
    where = f"{finding['file']}:{finding.get('line', '')} " if finding.get("file") else ""
    severity = f"[{finding['severity']}] " if finding.get("severity") else ""
    return f"{severity}{where}{finding.get('message') or finding.get('title') or finding}"
