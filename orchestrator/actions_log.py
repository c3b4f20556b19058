"""Outside text printed where a GitHub Actions runner reads it.

The runner takes a line of a step's output that starts with ``::`` (``::error …``,
``::stop-commands::`` that silences what follows, leading blanks or not) or with the older
``##[`` for a workflow command. A message may carry outside text with a line break in it:
a file name, an argument, a test's output, a model's note.
"""

from __future__ import annotations

import os

MARK = "| "  # shown before a line that would be taken for a command


def no_workflow_commands(text: str) -> str:
    """In a GitHub Actions job, `text` with every line that the runner would take for a
    workflow command shown after `MARK`; elsewhere `text` as it is."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return text
    lines = text.replace("\r", "\n").split("\n")
    return "\n".join(f"{MARK}{line}" if _a_command(line) else line for line in lines)


def _a_command(line: str) -> bool:
    return line.lstrip().startswith(("::", "##["))
