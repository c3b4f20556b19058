"""A second `sprint run` in a checkout is refused while one is active, naming its holder."""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.sprint.run_lock import sprint_run_lock
from tests.orchestrator.cli.cli_runner import orchestrate


def test_a_second_sprint_run_is_refused_with_the_holder_named(blog: Path) -> None:
    with sprint_run_lock(blog):
        done = orchestrate("sprint", "run", "--project", blog)
    assert done.exit_code == 1
    assert (
        f"another sprint run is active in this checkout: pid {os.getpid()}, started " in done.stderr
    )
    assert "(running)" in done.stderr


def test_the_lock_is_free_once_its_holder_lets_go(blog: Path) -> None:
    with sprint_run_lock(blog):
        pass
    with sprint_run_lock(blog) as fd:
        assert fd >= 0


def test_a_lock_file_that_is_a_link_is_refused_not_followed(blog: Path, tmp_path: Path) -> None:
    """A repository can carry `.stackcrew-cache/sprint-run.lock` as a link to a file of
    yours; the sprint neither opens nor creates anything through it."""
    (blog / ".stackcrew-cache").mkdir(exist_ok=True)
    outside = tmp_path / "not-yours-to-lock"
    (blog / ".stackcrew-cache" / "sprint-run.lock").symlink_to(outside)
    done = orchestrate("sprint", "run", "--project", blog)
    assert done.exit_code == 1
    assert ".stackcrew-cache/sprint-run.lock is a link" in done.stderr
    assert not outside.exists()


def test_a_task_log_that_is_a_link_is_replaced_not_written_through(
    blog: Path, tmp_path: Path
) -> None:
    """The task's output file is made anew: a link a repository left where it goes (to
    a file of yours) is dropped, and the file it pointed to keeps its content."""
    logs = blog / ".stackcrew-cache" / "sprint"
    logs.mkdir(parents=True, exist_ok=True)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (logs / "TASK-045.json").symlink_to(precious)
    (logs / "TASK-045.err").symlink_to(precious)
    orchestrate("sprint", "run", "--issue", "45", "--json", "--project", blog)
    assert precious.read_text() == "keep me\n"
    assert not (logs / "TASK-045.json").is_symlink() and (logs / "TASK-045.json").is_file()
