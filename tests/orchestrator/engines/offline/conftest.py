"""Module-scoped generated repositories, shared by the offline recipe tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from offline_repos import ORDER, POST, commit_all, make_blog, make_shop, run_all


@pytest.fixture(scope="module")
def blog_done(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The blog example after every recipe ran once, committed."""
    root = make_blog(tmp_path_factory.mktemp("offline") / "blog")
    written = run_all(root, POST)
    commit_all(root)
    return root, written


@pytest.fixture(scope="module")
def shop_done(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    """The shop fixture after every recipe ran once, committed."""
    root = make_shop(tmp_path_factory.mktemp("offline") / "shop")
    written = run_all(root, ORDER)
    commit_all(root)
    return root, written
