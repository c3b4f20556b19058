"""What `orchestrate index` prints: the counts and skipped files (and with `--routes` every
route) as JSON or as a Rich summary. Nothing here loads Typer, so the command's usual forms
can be answered before it loads (`orchestrator.cli.quick_commands`)."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from orchestrator import collector
from orchestrator.cli.plain import json_text
from orchestrator.cli.process_end import exit_at_once

if TYPE_CHECKING:
    from pathlib import Path

    from orchestrator.index.project_index import ProjectIndex


def index_and_print(root: Path, *, routes: bool, as_json: bool, then_exit: bool = False) -> None:
    """Build the index of `root` (writing its cache before returning) and print it.

    The cyclic collector, which `build_index` pauses, stays paused until the index is
    printed and freed: turned back on at once, its first pass would walk every object of
    the index and free none of them.

    With `then_exit` the process ends once the index is printed (the console script's
    quick form): the index and every file's facts, millions of objects on a large
    project, are left to the system instead of being freed one by one (~50 ms).
    """
    from orchestrator.index import build_index  # lazy: loads only when the command runs

    kept: dict[str, object] | None = {} if then_exit else None  # the facts, never freed
    with collector.paused():
        built = build_index(root, background=False, facts=kept)  # nothing to do meanwhile
        print_index(built, routes=routes, as_json=as_json)
        if then_exit:
            exit_at_once()
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
    """The counts, skipped files and routers the index cannot read, and with `--routes`
    every route too."""
    data = asdict(built.stats) | {
        "skipped": [asdict(s) for s in built.skipped],
        "unread_routers": [asdict(u) for u in built.unread_routers],
    }
    if routes:
        data["routes"] = [asdict(route) for route in built.routes]
    return data
