"""`orchestrate review`, `orchestrate pr list|show`, `orchestrate merge`: the QA gate.

`review` exits 0 on APPROVE, 1 on REQUEST CHANGES, 3 on BLOCK and 2 on a usage or tool
error, so CI and git hooks can gate on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from orchestrator.cli.common import JsonOpt, ProjectOpt, emit_json, new_app, open_project_at, show
from orchestrator.cli.review_views import print_report
from project_state.errors import StackcrewError

if TYPE_CHECKING:
    from orchestrator.forge.github.event import PullRequestEvent
    from project_state.pr_file import PullRequest

app = new_app("Pull requests opened by EXECUTE runs, and their QA reviews.")
FormatOpt = Annotated[
    Literal["table", "markdown", "json", "sarif", "github"],
    typer.Option("--format", "-f", help="table, markdown, json, sarif or github."),
]


def review(
    pr: Annotated[int | None, typer.Option("--pr", help="Review this pull request.")] = None,
    base: Annotated[str | None, typer.Option(help="Review BASE..HEAD (the CI form).")] = None,
    head: Annotated[str, typer.Option(help="The head ref with --base.")] = "HEAD",
    fmt: FormatOpt = "table",
    no_tests: Annotated[bool, typer.Option("--no-tests", help="Skip the test command.")] = False,
    post: Annotated[
        bool,
        typer.Option("--post", help="Publish the verdict to the workflow's GitHub pull request."),
    ] = False,
    project: ProjectOpt = None,
) -> None:
    """Review a change: APPROVE (exit 0), REQUEST CHANGES (1) or BLOCK (3).

    In a GitHub `pull_request` workflow (GITHUB_EVENT_PATH set), with neither --pr nor
    --base, the event's pull request is reviewed; --post sets its `stackcrew/qa` status
    and posts the review there.
    """
    event = _workflow_event() if pr is None and base is None else None
    if (pr is None) == (base is None) and event is None:
        raise StackcrewError(
            "give exactly one of --pr N or --base REF", hint="orchestrate review --base origin/main"
        )
    if post and event is None:
        raise StackcrewError(
            "--post publishes to the pull request of a GitHub workflow's event, "
            "and GITHUB_EVENT_PATH names none",
            hint="run `orchestrate review --post` in a workflow `on: pull_request`",
        )
    proj = open_project_at(project)
    if event is not None:
        # lazy: loads only when the command runs
        from orchestrator.forge.ci_review import review_event

        report = review_event(proj, event, run_tests=not no_tests, post=post)
    elif pr is not None:
        # lazy: loads only when the command runs (PyYAML, pydantic)
        from orchestrator.review.pull_requests import review_pr

        report = review_pr(proj, pr, run_tests=not no_tests)[1]
    else:
        # lazy: loads only when the command runs
        from orchestrator.forge.ci_review import review_range

        report = review_range(proj, base or "", head, run_tests=not no_tests)
    print_report(report, fmt)
    raise typer.Exit(report.exit_code)


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
