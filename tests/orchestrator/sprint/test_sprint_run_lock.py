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
