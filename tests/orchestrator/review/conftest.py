"""A fresh tiny repository for each review test."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_repo import ReviewRepo


@pytest.fixture
def repo(tmp_path: Path) -> ReviewRepo:
    return ReviewRepo(tmp_path / "repo")
