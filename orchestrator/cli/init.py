"""`orchestrate init`: set up stackcrew in a repository, or create an example project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from orchestrator.cli.common import repository_files, show, work_tree_at
from orchestrator.repo_paths import CONFIG_FILE

if TYPE_CHECKING:
    from orchestrator.test_setup import TestSetup


def init(
    directory: Annotated[Path | None, typer.Argument(help="Target (default: here).")] = None,
    example: Annotated[
        str | None, typer.Option("--example", help="Create DIRECTORY from a bundled example.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Project name.")] = None,
    github: Annotated[
        bool,
        typer.Option("--github", help="Also write GitHub workflows, an issue form and CODEOWNERS."),
    ] = False,
) -> None:
    """Set up project_state/ and stackcrew.yaml, or copy an example (`--example blog DIR`).

    With --github: `tracker: github` in a new stackcrew.yaml, the QA gate and run workflows
    in .github/workflows/, an issue form and CODEOWNERS (existing files are kept).
    """
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.scaffold import create_example, init_project

    target = (directory or Path.cwd()).resolve()
    if example:
        create_example(example, target)
        show(f"Created the {example!r} example in {target} (a git repository, one commit).")
        show(f"Next: cd {target} && orchestrate sprint status")
    else:
        # lazy: loads only when the command runs
        from orchestrator.test_setup import detect_test_setup

        work_tree_at(target)  # refused outside a git work tree, before anything is written
        tests = detect_test_setup(target)
        created = init_project(target, name, tracker="github" if github else None, tests=tests)
        show(f"Set up stackcrew in {target}: " + (", ".join(created) or "nothing was missing"))
        if CONFIG_FILE in created:
            _tell_test_setup(tests)
            _propose_ownership(target)
    if github:
        _install_github(target)


def _install_github(target: Path) -> None:
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.forge.github_setup import install_github_files
    from orchestrator.project import open_project

    project = open_project(target)
    written = install_github_files(project)
    show("GitHub files: " + (", ".join(written) or "all there already"))
    if project.config.tracker != "github":
        show(
            "Note: stackcrew.yaml keeps `tracker: local`; set `tracker: github` to work from GitHub issues"
        )


def _tell_test_setup(tests: TestSetup) -> None:
    found = "; ".join(tests.found) or "no pytest configuration, tests/ folder or venv"
    show(
        f"QA gate tests: `{' '.join(tests.command)}` in {tests.workdir} (found: {found}); "
        f"change test_command and test_workdir in {CONFIG_FILE} if that is not how they run"
    )


def _propose_ownership(target: Path) -> None:
    """Add the ownership rules the code calls for to the new config, and say so."""
    import json  # lazy: loads only when the command runs (PyYAML, pathspec, pydantic)

    from orchestrator.index import build_index
    from orchestrator.ownership_proposal import owned_share, propose_ownership
    from orchestrator.project import open_project

    files = repository_files(target)
    project = open_project(target)
    index = build_index(target, background=False)
    proposed = propose_ownership(files, project.ownership, index, target)
    before = owned_share(files, project.ownership)
    if proposed:
        lines = [f"  - {{pattern: {json.dumps(p.pattern)}, agent: {p.agent}}}  # {p.why}"
                 for p in proposed]  # fmt: skip
        with open(target / CONFIG_FILE, "a", encoding="utf-8") as config:
            config.write(PROPOSAL_HEADER + "\n".join(lines) + "\n")
    after = owned_share(files, open_project(target).ownership)
    show(
        f"Ownership: {len(proposed)} rule(s) proposed in {CONFIG_FILE} from the code (review "
        f"them); Python files owned: {after[0]} of {after[1]} (the agents' own patterns: "
        f"{before[0]}); `orchestrate owners --unowned` lists the rest"
    )


PROPOSAL_HEADER = """\
# Proposed by `orchestrate init` from the code: keep, change or delete each rule.
# Later rules win: packages, frontends, table modules and revision folders, then
# end-to-end tests and container, compose and environment files.
ownership:
"""
