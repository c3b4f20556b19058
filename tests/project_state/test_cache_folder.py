"""`.stackcrew-cache/` is written inside the repository only: a link on the way, such as a
cloned repository may carry, is refused before anything is written through it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from project_state.cache_folder import CACHE_ROOT, cache_dir
from project_state.errors import Refusal


def repo_and_elsewhere(tmp_path: Path) -> tuple[Path, Path]:
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    repo.mkdir()
    elsewhere.mkdir()
    return repo, elsewhere


@pytest.mark.parametrize("link", [CACHE_ROOT, f"{CACHE_ROOT}/index"])
def test_a_linked_cache_folder_is_refused_and_nothing_lands_elsewhere(
    tmp_path: Path, link: str
) -> None:
    repo, elsewhere = repo_and_elsewhere(tmp_path)
    (repo / link).parent.mkdir(exist_ok=True)
    (repo / link).symlink_to(elsewhere)
    with pytest.raises(Refusal, match=f"{link} is a link"):
        cache_dir(repo, "index", "base")
    assert list(elsewhere.iterdir()) == []


def test_a_linked_gitignore_marker_is_not_written_through(tmp_path: Path) -> None:
    repo, elsewhere = repo_and_elsewhere(tmp_path)
    (repo / CACHE_ROOT).mkdir()
    (repo / CACHE_ROOT / ".gitignore").symlink_to(elsewhere / "planted")
    with pytest.raises(Refusal, match=".gitignore is a link"):
        cache_dir(repo, "board")
    assert not (elsewhere / "planted").exists()


def test_the_cli_names_the_link_and_exits_non_zero(tmp_path: Path) -> None:
    repo, elsewhere = repo_and_elsewhere(tmp_path)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / CACHE_ROOT).symlink_to(elsewhere)
    run = subprocess.run(
        [str(Path(sys.executable).with_name("orchestrate")), "index", "-C", str(repo)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1
    assert f"error: {CACHE_ROOT} is a link" in run.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_plain_cache_folder_is_made_with_its_own_ignore_file(tmp_path: Path) -> None:
    repo, _ = repo_and_elsewhere(tmp_path)
    folder = cache_dir(repo, "board")
    assert folder == repo / CACHE_ROOT / "board" and folder.is_dir()
    assert (repo / CACHE_ROOT / ".gitignore").read_text().splitlines()[-1] == "*"
