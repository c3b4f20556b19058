"""The gate's test runs made in one CI job and judged in another.

A pull request's tests are its own code. Run in the job whose token may set the gate's
status, they could read that token from the environment of any process of the step
(``/proc/<pid>/environ``) and set `stackcrew/qa` themselves. So the workflow that
`init --github` writes runs them in a job without such a token (``review --tests-to FILE``)
and the gate's job, where nothing of the pull request runs, judges what they said
(``review --tests-from FILE``).

The file is the pull request's word, worth no more than its tests, which it may edit
anyway: it is read strictly (every key known, sizes bounded), it must be for the commit
the gate reviews and for the gate's own test command, and a base run recorded against
another base than the gate's is not used (every failure is then charged to the change).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from orchestrator.review.test_runs import TestRun
from project_state.errors import StackcrewError

FORMAT = 1
MAX_FILE_BYTES = 4 * 1024 * 1024
KEPT_OUTPUT = 20_000  # characters of a run's output kept: its end, where pytest sums up
Sha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")]
TestId = Annotated[str, StringConstraints(max_length=1000)]


class RecordedRun(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    returncode: int | None
    output: Annotated[str, StringConstraints(max_length=KEPT_OUTPUT)]
    problem: Annotated[str, StringConstraints(max_length=1000)] | None = None
    timed_out: bool = False
    failed: Annotated[list[TestId], Field(max_length=20_000)] = []


class RecordedTests(BaseModel):
    """What the test job ran: at head, and at base when head failed."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    format: Literal[1]
    base: Sha
    head: Sha
    test_command: list[str]
    test_workdir: str
    head_run: RecordedRun | None  # None: the config turns the test run off
    base_run: RecordedRun | None = None


def recorded(run: TestRun) -> RecordedRun:
    return RecordedRun(
        returncode=run.returncode,
        output=run.output[-KEPT_OUTPUT:],
        problem=run.problem,
        timed_out=run.timed_out,
        failed=sorted(run.failed),
    )


def as_test_run(run: RecordedRun) -> TestRun:
    return TestRun(run.returncode, run.output, run.problem, run.timed_out, frozenset(run.failed))


def save(path: Path, tests: RecordedTests) -> None:
    from project_state.atomic import write_atomic  # lazy: for writes only

    write_atomic(path, tests.model_dump_json(indent=1).encode("utf-8"))


def load(path: Path) -> RecordedTests:
    """The file `review --tests-to` wrote, or an error that names the file and the key."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise StackcrewError(
            f"{path}: cannot read the recorded test runs ({exc.strerror or exc})",
            hint="download the artifact `review --tests-to` wrote in the tests job first",
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise StackcrewError(f"{path}: over {MAX_FILE_BYTES} bytes; not recorded test runs")
    try:
        return RecordedTests.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(_plain(str(part)) for part in first["loc"]) or "(the file)"
        raise StackcrewError(
            f"{path}: {where}: {first['msg']}; not test runs `review --tests-to` wrote",
            hint="record them again with `orchestrate review --tests-to FILE` in the tests job",
        ) from None


def checked(tests: RecordedTests, head: str, command: list[str], workdir: str, path: Path) -> None:
    """Refuse runs made of other code or with another command than the gate's own."""
    if tests.head != head:
        raise StackcrewError(
            f"{path}: the tests ran at {tests.head[:12]}, but the gate reviews {head[:12]}",
            hint="the tests job and the gate must review the same pull request head",
        )
    if tests.test_command != command or tests.test_workdir != workdir:
        raise StackcrewError(
            f"{path}: the tests ran `{_plain(' '.join(tests.test_command))}` in {tests.test_workdir!r}, "
            f"but the base's stackcrew.yaml says `{' '.join(command)}` in {workdir!r}",
            hint="record them with the same stackcrew and base config as the gate uses",
        )


def _plain(text: str) -> str:
    """The record's text on one line, line breaks and other unprintables escaped: in
    Actions an output line starting with `::` is a workflow command."""
    return text if text.isprintable() else repr(text)[1:-1]
