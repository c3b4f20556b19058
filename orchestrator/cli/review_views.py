"""What `orchestrate review` prints: the report in the chosen format. Nothing here loads
Typer, so the CI form can be answered before it loads (`orchestrator.cli.quick_commands`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orchestrator.review.gate import ReviewReport
    from orchestrator.review.output import Format


def print_report(report: ReviewReport, fmt: Format) -> None:
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.review.output import format_table, render

    if fmt == "table":
        from orchestrator.cli.rich_output import show  # lazy: loads only when the command runs

        show(format_table(report))
    else:
        sys.stdout.write(render(report, fmt))
