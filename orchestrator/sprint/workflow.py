"""The sprint on GitHub Actions: `orchestrate sprint workflow` writes
``.github/workflows/stackcrew-sprint.yml`` from ``templates/stackcrew-sprint.yml``.

Each run of the workflow advances the sprint by one batch: a `plan` job emits the first
batch as a matrix, one job per task runs it on its own runner (its own branch and pull
request, the offline engine without a model key) and uploads its task log, and a last job
merges those logs (`orchestrate state merge`) and commits `project_state/`.
"""

from __future__ import annotations

import json
from pathlib import Path

from project_state.atomic import write_atomic
from project_state.errors import Refusal

WORKFLOW_PATH = ".github/workflows/stackcrew-sprint.yml"
TEMPLATE = Path(__file__).parent / "templates" / "stackcrew-sprint.yml"
SETUP_STEP = "      - name: Set up the project's tests\n        run: |\n{lines}\n"


def render_workflow(*, install: str, python: str, setup: str | None) -> str:
    """The workflow's text; `install` is what `pip install` gets, `setup` an optional shell
    command that prepares the project's own tests (run before each task)."""
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace('"@INSTALL@"', json.dumps(install)).replace(
        '"@PYTHON@"', json.dumps(python)
    )
    step = ""
    if setup:
        lines = "\n".join(f"          {line}" for line in setup.splitlines())
        step = SETUP_STEP.format(lines=lines)
    return text.replace("@SETUP@", step)


def write_workflow(root: Path, text: str, *, force: bool) -> Path:
    """Write the workflow into the repository; a different file there is kept unless `force`."""
    target = root / WORKFLOW_PATH
    if target.exists() and target.read_text(encoding="utf-8") != text and not force:
        raise Refusal(
            f"{WORKFLOW_PATH} exists and differs from the one stackcrew would write",
            hint="pass --force to replace it, or compare it with `--stdout`",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text.encode())
    return target
