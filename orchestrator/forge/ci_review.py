"""The QA gate in CI: which change and which issue, and where the verdict goes.

- In a `pull_request` workflow the event says the pull request, its base and head
  commits, and its issue (the branch name `<agent>/<issue>-<slug>`, else `Closes #N` in
  its body); `post=True` publishes the verdict there (`orchestrator.forge.github.gate`).
- `review --base/--head` infers the issue from the head's branch name the same way, so a
  commit without `#45` on `fastapi/45-add-ping` is a finding even when no one says 45.
- Both review under the base commit's `stackcrew.yaml`, not the one the change brings.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from orchestrator.forge.branch_issue import issue_of_body, issue_of_branch
from project_state.errors import StackcrewError

if TYPE_CHECKING:
    from agents.registry import AgentRegistry
    from orchestrator.config import Config
    from orchestrator.forge.github import GitHubForge
    from orchestrator.forge.github.event import PullRequestEvent
    from orchestrator.project import Project
    from orchestrator.review.gate import ReviewReport
    from orchestrator.review.recorded_tests import RecordedTests
    from orchestrator.review.secret_worker import SecretScanner


def review_range(
    project: Project,
    base: str,
    head: str,
    *,
    run_tests: bool,
    scanner: SecretScanner | None = None,
    tests_from: Path | None = None,
) -> ReviewReport:
    """`base..head`, held to the issue the head's branch name is for, under the base's
    config (`scanner`: see `review_change`; `tests_from`: see `recorded_runs`)."""
    from orchestrator.git_repo import resolve  # lazy: for start-up
    from orchestrator.review.gate import review_change  # lazy: the gate's rules are heavy

    project = as_configured_at(project, base)
    issue = issue_of_branch(_branch_of(project, head), project.registry.names())
    recorded = recorded_runs(project, resolve(project.root, head), tests_from)
    return review_change(project, base, head, issue=issue, run_tests=run_tests,
                         scanner=scanner, recorded_tests=recorded)  # fmt: skip


def record_tests(
    project: Project, event: PullRequestEvent | None, base: str, head: str, path: Path
) -> RecordedTests:
    """`review --tests-to`: the test command run on the event's pull request (else on
    `base..head`) under the base's config, as the gate would run it, written to `path`."""
    from orchestrator.review.gate import record_test_runs  # lazy: the gate's rules are heavy
    from orchestrator.review.recorded_tests import save  # lazy: pydantic models

    if event is not None:
        base, head = event.pull_request.base.sha, event.pull_request.head.sha
    project = as_configured_at(project, base)
    tests = record_test_runs(project, base, head)
    save(path, tests)
    return tests


def recorded_runs(project: Project, head: str, path: Path | None) -> RecordedTests | None:
    """The test runs of the tests job, for the commit `head` and the config's command."""
    if path is None:
        return None
    from orchestrator.review.recorded_tests import checked, load  # lazy: pydantic models

    tests = load(path)
    checked(tests, head, project.config.test_command, project.config.test_workdir, path)
    return tests


def as_configured_at(project: Project, base: str) -> Project:
    """The project with the config and the agents of commit `base`: a change cannot loosen
    the gate that reviews it (its own waivers, rule switches, test command, ownership
    rules, or an agent file of its own that owns more)."""
    # lazy: PyYAML, pydantic load only when this runs
    from orchestrator.config import CONFIG_FILE, Config, config_from_text
    from orchestrator.git_repo import git  # lazy for start-up

    try:
        text = git(project.root, "show", f"{base}:{CONFIG_FILE}")
    except StackcrewError:
        config = Config()  # the base had none: the defaults
    else:
        config = config_from_text(text, Path(f"{base[:12]}:{CONFIG_FILE}"))
    return replace(project, config=config, agents=agents_at(project.root, base, config))


def agents_at(root: Path, base: str, config: Config) -> AgentRegistry:
    """The agents commit `base` defines: the built-ins, then the agent files it holds in
    the folders its config names (regular files only, read from git's objects)."""
    import tempfile  # lazy: as above

    from agents.registry import load_registry  # lazy: as above
    from agents.sources import project_agent_dirs
    from orchestrator.git_repo import git_bytes, read_blobs

    own, claude = project_agent_dirs(Path(), config.agents_dir)
    folders = [folder.as_posix() for folder in (own, claude) if folder is not None]
    files = _regular_files(git_bytes(root, "ls-tree", "-r", "-z", base, "--", *folders))
    contents = read_blobs(root, list(files.values()))
    with tempfile.TemporaryDirectory(prefix="stackcrew-base-agents-") as scratch:
        for path, blob in files.items():
            target = Path(scratch, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(contents.get(blob, b""))
        return load_registry(Path(scratch), config.agents_dir)


def _regular_files(listing: bytes) -> dict[str, str]:
    """Path → blob id of the regular files in ``git ls-tree -r -z`` output (no links)."""
    from orchestrator.git_repo.objects import tree_files  # lazy: as above

    return {path: blob for path, (mode, blob) in tree_files(listing).items()
            if mode in ("100644", "100755")}  # fmt: skip


def review_event(
    project: Project,
    event: PullRequestEvent,
    *,
    run_tests: bool,
    post: bool,
    tests_from: Path | None = None,
) -> ReviewReport:
    """The event's pull request reviewed (and, with `post`, the verdict published there)."""
    from orchestrator.review.gate import review_change  # lazy: the gate's rules are heavy

    pull = event.pull_request
    project = as_configured_at(project, pull.base.sha)
    issue = issue_of_branch(pull.head.ref, project.registry.names()) or issue_of_body(
        pull.body or ""
    )
    forge = _forge(project, event) if post else None
    base = pull.base.sha if forge is None else _base_on_github(forge, event)
    if base != pull.base.sha:
        project = as_configured_at(project, base)  # the config of the base GitHub has
    try:
        recorded = recorded_runs(project, pull.head.sha, tests_from)
        report = review_change(project, base, pull.head.sha, issue=issue, run_tests=run_tests,
                               recorded_tests=recorded)  # fmt: skip
    except StackcrewError as exc:
        if forge is not None:
            # lazy: PyYAML, pydantic load only when this runs
            from orchestrator.forge.github.gate import post_error

            post_error(forge, event, exc.message)
        raise
    if forge is not None:
        # lazy: PyYAML, pydantic load only when this runs
        from orchestrator.forge.github.gate import post_report

        post_report(forge, event, report)
    return report


def _forge(project: Project, event: PullRequestEvent) -> GitHubForge:
    from orchestrator.forge.github import GitHubForge  # lazy: only --post talks to GitHub
    from orchestrator.forge.github.repository import RepoName

    if event.repository is None:
        return GitHubForge(project)
    owner, name = event.repository.full_name.split("/", 1)
    configured = project.config.repo
    if configured and configured.lower() != event.repository.full_name.lower():
        raise StackcrewError(
            f"the event is for {event.repository.full_name}, but stackcrew.yaml says "
            f"repo: {configured}; nothing was posted",
            hint="run the gate in the repository's own workflow, or correct `repo:`",
        )
    return GitHubForge(project, RepoName(owner, name))


def _base_on_github(forge: GitHubForge, event: PullRequestEvent) -> str:
    """The pull request's base as GitHub has it, once GitHub confirms the event's head is
    the pull request's: a verdict is published only on the change GitHub will merge, not
    on whatever range an event file names."""
    from orchestrator.forge.github.pulls import read_pull  # lazy: only --post talks to GitHub

    number = event.number
    actual = read_pull(forge, number)
    if actual.head.sha != event.pull_request.head.sha:
        raise StackcrewError(
            f"the event's head {event.pull_request.head.sha[:12]} is not the head "
            f"{actual.head.sha[:12]} of pull request #{number} on GitHub; nothing was posted",
            hint="a newer push started its own review; run the gate on that event",
        )
    return actual.base.sha


def _branch_of(project: Project, head: str) -> str:
    """The branch `head` names: itself, or for HEAD the checked-out branch (in Actions, on
    a pull request's detached merge commit, GITHUB_HEAD_REF)."""
    if head != "HEAD":
        return head
    from orchestrator.git_repo import git  # lazy for start-up

    try:
        name = git(project.root, "symbolic-ref", "--quiet", "--short", "HEAD").strip()
    except StackcrewError:
        name = ""
    return name or os.environ.get("GITHUB_HEAD_REF", "")
