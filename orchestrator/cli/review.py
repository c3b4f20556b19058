"""`orchestrate review`, `orchestrate pr list|show`, `orchestrate merge`: the QA gate.

`review` exits 0 on APPROVE, 1 on REQUEST CHANGES, 3 on BLOCK and 2 on a usage or tool
error, so CI and git hooks can gate on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from orchestrator.cli.common import JsonOpt, ProjectOpt, emit_json, new_app, open_project_at, show
from orchestrator.cli.review_views import print_report
from project_state.errors import StackcrewError

if TYPE_CHECKING:
    from orchestrator.forge.github.event import PullRequestEvent
    from orchestrator.project import Project
    from project_state.pr_file import PullRequest

app = new_app("Pull requests opened by EXECUTE runs, and their QA reviews.")
FormatOpt = Annotated[
    Literal["table", "markdown", "json", "sarif", "github"],
    typer.Option("--format", "-f", help="table, markdown, json, sarif or github."),
]
PostOpt = Annotated[
    bool, typer.Option("--post", help="Publish the verdict to the workflow's GitHub pull request.")
]
TestsToOpt = Annotated[
    Path | None,
    typer.Option(
        "--tests-to",
        help="Only run the test command (at head, and at base if head fails) and write "
        "what it said to this file, for a gate in another CI job.",
    ),
]
TestsFromOpt = Annotated[
    Path | None,
    typer.Option(
        "--tests-from", help="Judge the test runs --tests-to wrote instead of running them."
    ),
]


def review(
    pr: Annotated[int | None, typer.Option("--pr", help="Review this pull request.")] = None,
    base: Annotated[str | None, typer.Option(help="Review BASE..HEAD (the CI form).")] = None,
    head: Annotated[str, typer.Option(help="The head ref with --base.")] = "HEAD",
    fmt: FormatOpt = "table",
    no_tests: Annotated[bool, typer.Option("--no-tests", help="Skip the test command.")] = False,
    post: PostOpt = False,
    tests_to: TestsToOpt = None,
    tests_from: TestsFromOpt = None,
    project: ProjectOpt = None,
) -> None:
    """Review a change: APPROVE (exit 0), REQUEST CHANGES (1) or BLOCK (3).

    In a GitHub `pull_request` workflow (GITHUB_EVENT_PATH set), with neither --pr nor
    --base, the event's pull request is reviewed; --post sets its `stackcrew/qa` status
    and posts the review there. A workflow whose token may set that status runs the
    change's tests in a job of their own (--tests-to) and the gate in another
    (--tests-from): see docs/github.md.
    """
    event = _workflow_event() if pr is None and base is None else None
    if (pr is None) == (base is None) and event is None:
        raise StackcrewError(
            "give exactly one of --pr N or --base REF", hint="orchestrate review --base origin/main"
        )
    _check_test_options(tests_to, tests_from, pr=pr, post=post, no_tests=no_tests)
    if tests_to is not None:
        _record_tests(open_project_at(project), event, base or "", head, tests_to)
        return
    if post and event is None:
        raise StackcrewError(
            "--post publishes to the pull request of a GitHub workflow's event, "
            "and GITHUB_EVENT_PATH names none",
            hint="run `orchestrate review --post` in a workflow `on: pull_request`",
        )
    proj = open_project_at(project)
    run_tests = not no_tests
    if event is not None:
        # lazy: loads only when the command runs
        from orchestrator.forge.ci_review import review_event

        report = review_event(proj, event, run_tests=run_tests, post=post, tests_from=tests_from)
    elif pr is not None:
        # lazy: loads only when the command runs (PyYAML, pydantic)
        from orchestrator.review.pull_requests import review_pr

        report = review_pr(proj, pr, run_tests=run_tests)[1]
    else:
        # lazy: loads only when the command runs
        from orchestrator.forge.ci_review import review_range

        report = review_range(proj, base or "", head, run_tests=run_tests, tests_from=tests_from)
    print_report(report, fmt)
    raise typer.Exit(report.exit_code)


def _check_test_options(
    tests_to: Path | None, tests_from: Path | None, *, pr: int | None, post: bool, no_tests: bool
) -> None:
    given = [name for name, value in (("--tests-to", tests_to), ("--tests-from", tests_from),
                                      ("--no-tests", no_tests)) if value]  # fmt: skip
    if len(given) > 1:
        raise StackcrewError(f"{' and '.join(given)} cannot go together: choose one")
    if given and given[0] != "--no-tests" and pr is not None:
        raise StackcrewError(f"{given[0]} is for the CI forms (an event or --base), not --pr")
    if tests_to is not None and post:
        raise StackcrewError(
            "--tests-to runs the change's tests and posts nothing: the gate's job posts",
            hint="orchestrate review --tests-to tests.json (no token), then, in another job, "
            "orchestrate review --post --tests-from tests.json",
        )


def _record_tests(
    proj: Project, event: PullRequestEvent | None, base: str, head: str, path: Path
) -> None:
    # lazy: loads only when the command runs
    from orchestrator.forge.ci_review import record_tests

    tests = record_tests(proj, event, base, head, path)
    run = tests.head_run
    said = (
        "not run (run_tests is off in the config)" if run is None
        else "passed" if run.returncode == 0
        else f"failed ({len(run.failed)} test(s) named)" if run.returncode is not None
        else run.problem or "did not finish"
    )  # fmt: skip
    print(f"tests at {tests.head[:12]}: {said}; written to {path} for the gate's job")


def _workflow_event() -> PullRequestEvent | None:
    # lazy: loads only when the command runs (PyYAML, pydantic)
    from orchestrator.forge.github.event import event_path, read_event

    path = event_path()
    return read_event(path) if path is not None else None


@app.command("list")
def pr_list(project: ProjectOpt = None, as_json: JsonOpt = False) -> None:
    """Every pull request with its status and latest verdict."""
    # lazy: loads only when the command runs (pydantic)
    from project_state.pr_file import PullRequests

    prs = PullRequests(open_project_at(project).state_root).list()
    if as_json:
        emit_json([p.model_dump(mode="json") for p in prs])
        return
    show(_pr_table(prs))


@app.command("show")
def pr_show(
    number: Annotated[int, typer.Argument(help="Pull request number.")],
    project: ProjectOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """One pull request with its reviews."""
    # lazy: loads only when the command runs (pydantic)
    from project_state.pr_file import PullRequests

    pr = PullRequests(open_project_at(project).state_root).get(number)
    if as_json:
        emit_json(pr.model_dump(mode="json"))
        return
    show(_pr_table([pr]))
    for r in pr.reviews:
        show(f"{r.at:%Y-%m-%d %H:%M} {r.verdict} of {r.head[:8]} ({len(r.findings)} findings)")
        for f in r.findings:
            where = f"{f.file}:{f.line}" if f.line else f.file or "-"
            show(f"    {f.severity:<7} {f.rule:<22} {where}  {f.message.splitlines()[0]}")


def merge(
    pr: Annotated[int, typer.Option("--pr", help="The approved pull request to merge.")],
    project: ProjectOpt = None,
) -> None:
    """Merge an APPROVEd pull request into its base (git merge --no-ff, or GitHub's API).

    With the local tracker the merge is local and nothing is pushed; with `tracker:
    github` GitHub merges it, once the latest `stackcrew/qa` status of its head is APPROVE.
    """
    from orchestrator.forge import open_forge  # lazy: loads only when the command runs

    merged = open_forge(open_project_at(project)).merge(pr)
    shown = merged.sha[:8] if merged.sha else "merged before"
    show(f"Merged #{merged.number} {merged.branch} into {merged.base} ({shown})")


def _pr_table(prs: list[PullRequest]) -> object:
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Pull requests", title_justify="left")
    for column in ("#", "branch", "base", "issue", "agent", "status", "head", "review"):
        table.add_column(column)
    for p in prs:
        latest = p.latest_review
        verdict = "-" if latest is None else f"{latest.verdict} @ {latest.head[:8]}"
        issue = f"#{p.issue}" if p.issue else "-"
        row = [
            str(p.number),
            p.branch,
            p.base,
            issue,
            p.agent or "-",
            p.status,
            p.head[:8],
            verdict,
        ]
        table.add_row(*map(Text, row))
    return table
