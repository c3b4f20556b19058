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


@pytest.fixture(autouse=True, scope="session")
def _venv_on_path():
    """Project test commands say `python`: let it be this interpreter, as in an activated venv."""
    import os
    import sys

    bindir = os.path.dirname(sys.executable)
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = bindir + os.pathsep + old
    yield
    os.environ["PATH"] = old


@pytest.fixture(autouse=True)
def _no_real_model(monkeypatch):
    """No test may reach a paid API: tests that want a model point it at the loopback fake."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
