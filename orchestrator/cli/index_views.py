"""What `orchestrate index` prints: the counts and skipped files (and with `--routes` every
route) as JSON or as a Rich summary. Nothing here loads Typer, so the command's usual forms
can be answered before it loads (`orchestrator.cli.quick_commands`)."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from orchestrator import collector
from orchestrator.cli.plain import json_text

if TYPE_CHECKING:
    from pathlib import Path

    from orchestrator.index.project_index import ProjectIndex


def index_and_print(root: Path, *, routes: bool, as_json: bool) -> None:
    """Build the index of `root` (writing its cache before returning) and print it.

    The cyclic collector, which `build_index` pauses, stays paused until the index is
    printed and freed: turned back on at once, its first pass would walk every object of
    the index and free none of them.
    """
    from orchestrator.index import build_index  # lazy: loads only when the command runs

    with collector.paused():
        built = build_index(root, background=False)  # nothing to do while it is written
        print_index(built, routes=routes, as_json=as_json)
        del built


def print_index(built: ProjectIndex, *, routes: bool, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json_text(index_json(built, routes=routes)))
        return
    from orchestrator.cli.rich_output import show  # lazy: loads only when the command runs (Rich)
    from orchestrator.index.report import format_index_summary, format_routes

    show(format_index_summary(built))
    if routes:
        show(format_routes(built))


def index_json(built: ProjectIndex, *, routes: bool) -> dict[str, object]:
    """The counts and skipped files, and with `--routes` every route too."""
    data = asdict(built.stats) | {"skipped": [asdict(s) for s in built.skipped]}
    if routes:
        data["routes"] = [asdict(route) for route in built.routes]
    return data
