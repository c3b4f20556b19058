"""`orchestrate init --github`: the files that put stackcrew on GitHub.

    .github/workflows/stackcrew-qa.yml   the QA gate on pull requests (`review --post`)
    .github/workflows/stackcrew-run.yml  `orchestrate run` when an issue gets the label
    .github/ISSUE_TEMPLATE/stackcrew.yml an issue form with a spec field
    .github/CODEOWNERS                   the ownership map (`orchestrate owners --codeowners`)

A file that exists is left as it is.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from project_state.atomic import write_atomic

if TYPE_CHECKING:
    from orchestrator.project import Project

TEMPLATES = {
    ".github/workflows/stackcrew-qa.yml": "stackcrew-qa.yml",
    ".github/workflows/stackcrew-run.yml": "stackcrew-run.yml",
    ".github/ISSUE_TEMPLATE/stackcrew.yml": "issue-form.yml",
}
CODEOWNERS = ".github/CODEOWNERS"
RUN_LABEL = "stackcrew"


def install_github_files(project: Project) -> list[str]:
    """Write the missing GitHub files; return the ones written."""
    wanted = {path: template_text(name) for path, name in TEMPLATES.items()}
    wanted[CODEOWNERS] = project.ownership.codeowners()
    written = []
    for rel, text in wanted.items():
        path = project.root / rel
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
        written.append(rel)
    return written


def template_text(name: str) -> str:
    return files("orchestrator.forge").joinpath("templates", name).read_text(encoding="utf-8")
