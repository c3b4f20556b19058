"""Fixtures for the model engine tests: the blog project (the fake Messages API, `fake_api`,
is shared by the whole suite from `tests/conftest.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.project import Project, open_project


@pytest.fixture
def project(blog: Path) -> Project:
    return open_project(blog)
