"""Where a project's issues and pull requests live: the forge seam.

    open_forge(project) -> Forge
    ├── LocalForge    project_state/ (project.json, prs.json): the default, works offline
    └── GitHubForge   a GitHub repository through its REST API (`tracker: github`)

`stackcrew.yaml` chooses: `tracker: github` and `repo: owner/name` (default: the `origin`
remote). Whatever the forge, the engine plans from the issue cached in `project.json`:
the GitHub forge keeps a copy of each issue it reads there, with its source recorded.
githubkit is imported only inside `orchestrator.forge.github.client`, when a GitHub
forge is first used, so the other commands start as fast as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orchestrator.forge.seam import Forge, Published
    from orchestrator.pipeline import RunResult
    from orchestrator.project import Project


def open_forge(project: Project) -> Forge:
    """The forge `stackcrew.yaml` chooses for `project`."""
    if project.config.tracker == "github":
        from orchestrator.forge.github import GitHubForge  # lazy: only GitHub projects need it

        return GitHubForge(project)
    from orchestrator.forge.local import LocalForge  # lazy for start-up

    return LocalForge(project)


def issue_for_work(project: Project, number: int) -> None:
    """With a remote tracker, read issue `number` into project.json before planning from it,
    so the run works from the issue as it is now."""
    if project.config.tracker != "local":
        open_forge(project).fetch_issue(number)


def publish_run(project: Project, result: RunResult) -> Published | None:
    """Put a finished run where the team reviews work: on GitHub, its branch pushed and its
    pull request opened or updated; locally, nothing more (the gate opened it in prs.json).
    A forge error says how to try again without duplicating anything."""
    from orchestrator.forge.errors import ForgeError  # lazy for start-up

    if not result.plan.tracked:
        return None  # DIRECT work has no issue and no pull request
    try:
        return open_forge(project).publish_run(result)
    except ForgeError as exc:
        exc.hint = (
            f"{exc.hint + '; then ' if exc.hint else ''}`orchestrate resume {result.run_id}` "
            "pushes and updates the same pull request (nothing is opened twice)"
        )
        raise
