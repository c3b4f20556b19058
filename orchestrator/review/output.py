"""A review as text: a Rich table, Markdown, JSON, SARIF 2.1.0, GitHub annotations.

Pure functions from a `ReviewReport` to a renderable or a string; printing is the CLI's.
Advisory notes (the model's review) are shown in every format under `ADVISORY_LABEL`,
apart from the findings: as `note` results in SARIF, as `::notice` lines for GitHub.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Literal

from orchestrator.actions_log import no_workflow_commands
from orchestrator.review.advisory import LABEL as ADVISORY_LABEL
from orchestrator.review.catalog import ADVISORY, rule_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from orchestrator.review.findings import Finding
    from orchestrator.review.gate import ReviewReport
    from project_state.verdicts import Severity, Verdict

Format = Literal["table", "markdown", "json", "sarif", "github"]
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL: dict[Severity, str] = {"block": "error", "error": "error", "warning": "warning"}
VERDICT_STYLE: dict[Verdict, str] = {
    "APPROVE": "bold green",
    "REQUEST_CHANGES": "bold yellow",
    "BLOCK": "bold red",
}
SEVERITY_STYLE: dict[Severity, str] = {"block": "red", "error": "yellow", "warning": "dim"}


def format_table(report: ReviewReport) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"QA review {report.base[:8]}..{report.head[:8]}", title_justify="left")
    for column in ("severity", "rule", "where", "owner", "message", "fix"):
        table.add_column(column, overflow="fold")
    for f in report.findings:
        table.add_row(
            Text(_severity(f), style=SEVERITY_STYLE[f.severity]),
            f.rule,
            f.place or "-",
            f.owner or "-",
            f.described,
            f.fix,
        )
    verdict = Text(f"{report.verdict}  {_counts(report)}", style=VERDICT_STYLE[report.verdict])
    parts: list[RenderableType] = [table, verdict] if report.findings else [verdict]
    if report.advisory:
        parts.append(Text(f"\n{ADVISORY_LABEL}:", style="bold cyan"))
        parts += [Text(no_workflow_commands(note), style="cyan") for note in report.advisory]
    return Group(*parts) if len(parts) > 1 else verdict


def format_markdown(report: ReviewReport) -> str:
    lines = [f"## QA review: **{report.verdict}**", "", _counts(report), ""]
    if report.findings:
        lines += [
            "| severity | rule | where | owner | message | fix |",
            "|---|---|---|---|---|---|",
        ]
        lines += [_markdown_row(f) for f in report.findings]
    for f in report.waived:
        lines.append(f"\n> waived {f.rule} at {f.place}: {f.waived}")
    for f in report.inline_waivers:
        lines.append(f"\n> inline waiver {f.inline!r} on {f.rule} at {f.place}: not honoured")
    if report.advisory:
        lines += ["", f"### {ADVISORY_LABEL[0].upper()}{ADVISORY_LABEL[1:]}"]
        for note in report.advisory:
            lines += [""] + [f"> {line}".rstrip() for line in note.splitlines()]
    return "\n".join(lines) + "\n"


def format_json(report: ReviewReport) -> str:
    return json.dumps(report.to_json(), indent=2) + "\n"


def format_sarif(report: ReviewReport) -> str:
    rules = sorted({f.rule for f in report.findings})
    descriptors = [{"id": r, "shortDescription": {"text": rule_text(r)}} for r in rules]
    results = [_sarif_result(f, rules.index(f.rule)) for f in report.findings]
    if report.advisory:
        descriptors.append({"id": ADVISORY, "shortDescription": {"text": ADVISORY_LABEL}})
        results += [_sarif_advisory(note, len(rules)) for note in report.advisory]
    driver = {
        "name": "stackcrew-qa",
        "informationUri": "https://github.com/stackcrew/stackcrew",
        "rules": descriptors,
    }
    run: dict[str, object] = {"tool": {"driver": driver}, "results": results}
    if report.advisory:
        run["properties"] = {"advisory": {"label": ADVISORY_LABEL, "notes": report.advisory}}
    sarif = {"version": "2.1.0", "$schema": SARIF_SCHEMA, "runs": [run]}
    return json.dumps(sarif, indent=2) + "\n"


def format_github(report: ReviewReport) -> str:
    """GitHub workflow commands: one `::error`/`::warning` annotation per live finding."""
    lines = []
    for f in report.live:
        level = "warning" if f.severity == "warning" else "error"
        where = [f"file={_property(f.file)}"] if f.file else []
        where += [f"line={f.line}"] if f.file and f.line else []
        where.append(f"title={_property(f.rule)}")
        text = f"{f.described} — fix: {f.fix}"
        lines.append(f"::{level} {','.join(where)}::{_data(text)}")
    lines.append(f"::notice title=QA verdict::{report.verdict} ({_counts(report)})")
    title = f"title={_property(f'QA {ADVISORY_LABEL}')}"
    lines += [f"::notice {title}::{_data(note)}" for note in report.advisory]
    return "\n".join(lines) + "\n"


def render(report: ReviewReport, fmt: Format) -> str:
    formats = {
        "markdown": format_markdown,
        "json": format_json,
        "sarif": format_sarif,
        "github": format_github,
    }
    return formats[fmt](report)


def _counts(report: ReviewReport) -> str:
    c = report.counts()
    waived = f", {len(report.waived)} waived" if report.waived else ""
    inline = len(report.inline_waivers)
    inline_text = (
        f", {inline} inline waiver{'s' if inline > 1 else ''} not honoured" if inline else ""
    )
    return (
        f"{c['block']} blocking, {c['error']} errors, {c['warning']} warnings{waived}{inline_text}"
    )


def _severity(f: Finding) -> str:
    marks = [m for m in ("waived" if f.waived else "", "inline waiver" if f.inline else "") if m]
    return f"{f.severity} ({', '.join(marks)})" if marks else f.severity


def _markdown_row(f: Finding) -> str:
    cells = [_severity(f), _code(f.rule), _code(f.place)]
    cells += [f.owner or "-", f.described, f.fix]
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in cells) + " |"


def _code(text: str) -> str:
    """A Markdown code span that holds `text` whole: its fence is longer than any run of
    backticks inside, so a file name cannot end it and start a link."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _sarif_result(f: Finding, index: int) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": SARIF_LEVEL[f.severity],
        "message": {"text": f"{f.described}\nFix: {f.fix}"},
        "properties": {"severity": f.severity, "owner": f.owner},
    }
    if f.inline:
        result["properties"] = {**result["properties"], "inlineWaiver": f.inline}  # type: ignore[dict-item]
    if f.file:
        region = {"region": {"startLine": f.line}} if f.line else {}
        location = {"artifactLocation": {"uri": f.file, "uriBaseId": "%SRCROOT%"}, **region}
        result["locations"] = [{"physicalLocation": location}]
    if f.waived:
        result["suppressions"] = [{"kind": "external", "justification": f.waived}]
    return result


def _sarif_advisory(note: str, index: int) -> dict[str, object]:
    return {
        "ruleId": ADVISORY,
        "ruleIndex": index,
        "level": "note",
        "message": {"text": f"{ADVISORY_LABEL}\n{note}"},
        "properties": {"advisory": True},
    }


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
