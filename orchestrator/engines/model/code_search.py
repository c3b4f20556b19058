"""Regular-expression search over file contents, in a worker process with a hard time limit.

Python's `re` cannot be interrupted, and a pattern such as `(a+)+$` backtracks for longer
than any run may wait; so the search runs in a child process killed after `seconds`.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from typing import Any

from orchestrator.engines.model.errors import ToolError

SEARCH_HITS = 200


def search_in_worker(regex: str, files: dict[str, list[str]], seconds: float) -> list[str]:
    """`path:line: text` hits, found in a child process killed after `seconds`."""
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_search, args=(regex, files, send), daemon=True)
    worker.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise ToolError(
                f"search for {_shown(regex)} took longer than {seconds:g} s and was stopped; "
                "use a simpler regular expression (no nested repetition) or a narrower glob"
            )
        return receive.recv()
    except EOFError:
        raise ToolError(f"search for {_shown(regex)} failed in its worker") from None
    finally:
        worker.kill()
        worker.join()
        receive.close()


def _shown(regex: str) -> str:
    return repr(regex[:80])


def _search(regex: str, files: dict[str, list[str]], send: Any) -> None:
    rx, hits = re.compile(regex), []
    for path, lines in files.items():
        for n, line in enumerate(lines, 1):
            if rx.search(line):
                hits.append(f"{path}:{n}: {line.strip()[:200]}")
            if len(hits) >= SEARCH_HITS:
                send.send(hits)
                return
    send.send(hits)
