"""Fixtures: a fresh project state in a temporary repository, with and without a sprint."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from project_state.store import ProjectState


@pytest.fixture
def state(tmp_path: Path) -> ProjectState:
    """An initialised state with no issues and no sprint."""
    store = ProjectState(tmp_path)
    store.init("blog")
    return store


@pytest.fixture
def sprinting(state: ProjectState) -> ProjectState:
    """A state with issue #1 and sprint SPRINT-1 holding TASK-001 (TODO), the snapshot in
    current-sprint.json written up to the end of the log."""
    state.new_issue("Add Post resource")
    state.start_sprint("Sprint 1", "Posts", date(2026, 11, 16), date(2026, 11, 29))
    state.add_task(issue=1, agent="fastapi", title="Post endpoints")
    state.roll_forward()
    return state
