"""The pure formatting functions render without printing anything themselves."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from orchestrator.index import build_index
from orchestrator.index.contracts.check import check_contracts
from orchestrator.index.report import (
    format_contract_report,
    format_contract_text,
    format_index_summary,
    format_routes,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "index"


def render(renderable: object) -> str:
    console = Console(record=True, width=200, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def test_index_summary_and_routes(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def (:\n")
    (tmp_path / "ok.py").write_text(
        "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/x')\ndef x(): ...\n"
    )
    index = build_index(tmp_path, use_cache=False)
    summary = render(format_index_summary(index))
    assert "routes" in summary and "bad.py" in summary and "SyntaxError at line 1" in summary
    assert "GET" in render(format_routes(index)) and "ok.py:4" in render(format_routes(index))


def test_contract_report_renders_both_locations() -> None:
    report = check_contracts(
        build_index(FIXTURES / "contracts", use_cache=False), owner_of=lambda p: p.split("/")[0]
    )
    text = render(format_contract_report(report))
    assert "UserResponse ~ User" in text and "frontend/src/types.ts:5 (frontend)" in text
    lines = format_contract_text(report).splitlines()
    assert any(line.startswith("error nullability UserResponse~User.bio") for line in lines)
