"""Fixtures for the model engine tests: the blog project and the fake Messages API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_messages_api import FakeMessagesAPI

from orchestrator.project import Project, open_project


@pytest.fixture
def project(blog: Path) -> Project:
    return open_project(blog)


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMessagesAPI]:
    """The fake server, with the SDK pointed at it through the environment."""
    with FakeMessagesAPI() as api:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "test")
        yield api
