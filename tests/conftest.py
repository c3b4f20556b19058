"""Fixtures shared across the suite: a real example repository on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.scaffold import create_example


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A fresh copy of the blog example: a git repository with one commit."""
    root = tmp_path / "blog"
    create_example("blog", root)
    return root
