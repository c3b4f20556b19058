"""A warm build checks the tree as last recorded, with stats alone: every change is seen."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from orchestrator.index import build_index
from orchestrator.index.cache.store import CACHE_DIR
from orchestrator.index.cache.verified import CLOCK, current_build
from tests.orchestrator.index.cache.aged import age

FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose ready cache was confirmed the full way, so recorded."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "routing", root)
    shutil.copytree(FIXTURES / "frontend" / "src", root / "frontend" / "src")
    (tmp_path / "outside").mkdir()
    (root / "app" / "later.py").symlink_to(tmp_path / "outside" / "not-yet.py")  # dangling
    build_index(root)
    age(root)
    assert build_index(root).stats.source == "ready"
    assert current_build(str(root)) == _ready_build(root)
    return root


def _ready_build(root: Path) -> str:
    return json.loads((root / CACHE_DIR / "ready.json").read_text())["build"]


def test_the_next_build_takes_the_record_without_walking(project: Path) -> None:
    clock = project / CACHE_DIR / CLOCK
    os.utime(clock, ns=(0, 0))
    again = build_index(project)
    assert (again.stats.source, again.stats.parsed) == ("ready", [])
    assert again.stats.files == len(
        json.loads((project / CACHE_DIR / "ready.json").read_text())["manifest"]
    )
    assert clock.stat().st_mtime_ns == 0, "a walk would have touched the clock first"


def _same_size_edit(root: Path) -> str:
    users = root / "app" / "routers" / "users.py"
    users.write_text(users.read_text().replace('prefix="/users"', 'prefix="/usrs!"'))
    return "app/routers/users.py"


def _grown(root: Path) -> str:
    with (root / "app" / "routers" / "users.py").open("a") as handle:
        handle.write("\n# more\n")
    return "app/routers/users.py"


def _added(root: Path) -> str:
    (root / "app" / "extra.py").write_text("X = 1\n")
    return "app/extra.py"


def _added_deeper(root: Path) -> str:
    (root / "app" / "new" / "deeper").mkdir(parents=True)
    (root / "app" / "new" / "deeper" / "extra.py").write_text("X = 1\n")
    return "app/new/deeper/extra.py"


def _renamed(root: Path) -> str:
    (root / "app" / "routers" / "users.py").rename(root / "app" / "routers" / "members.py")
    return "app/routers/members.py"


def _folder_moved(root: Path) -> str:
    (root / "app" / "routers").rename(root / "app" / "handlers")
    return "app/handlers/users.py"


def _link_now_pointing_at_a_file(root: Path) -> str:
    (root.parent / "outside" / "not-yet.py").write_text("Y = 2\n")  # no folder of the tree
    return "app/later.py"


CHANGES: list[Callable[[Path], str]] = [
    _same_size_edit,
    _grown,
    _added,
    _added_deeper,
    _renamed,
    _folder_moved,
    _link_now_pointing_at_a_file,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_every_change_is_seen(project: Path, change: Callable[[Path], str]) -> None:
    reparsed = change(project)
    assert current_build(str(project)) is None
    again = build_index(project)
    assert reparsed in again.stats.parsed


def test_a_removed_file_is_seen(project: Path) -> None:
    (project / "app" / "routers" / "health.py").unlink()
    assert current_build(str(project)) is None
    assert "/health" not in {r.path for r in build_index(project).routes}


def test_a_new_build_is_another_cache(project: Path) -> None:
    _added(project)
    build_index(project)  # a new build, written without a record of its own
    assert current_build(str(project)) is None


def test_a_time_not_older_than_the_walk_is_not_recorded(project: Path) -> None:
    users = project / "app" / "routers" / "users.py"
    soon = time.time_ns() + 60_000_000_000  # as if written during the walk, in its tick
    os.utime(users, ns=(soon, soon))
    assert current_build(str(project)) is None
    assert build_index(project).stats.parsed == []  # the same content: hashed, not parsed
    assert current_build(str(project)) is None


def test_a_folder_changed_by_an_unread_file_is_recorded_again(project: Path) -> None:
    (project / "app" / "README.md").write_text("notes\n")
    assert current_build(str(project)) is None
    age(project)
    assert build_index(project).stats.parsed == []
    assert current_build(str(project)) == _ready_build(project)


def test_a_planted_link_for_the_clock_is_not_written_through(project: Path) -> None:
    planted = project.parent / "planted.txt"
    planted.write_text("yours\n")
    clock = project / CACHE_DIR / CLOCK
    clock.unlink()
    clock.symlink_to(planted)
    _added(project)  # so that the next build walks
    assert build_index(project).stats.parsed == ["app/extra.py"]
    assert planted.read_text() == "yours\n"


@pytest.mark.parametrize("build", ["../../escape", "", 7, "ABCDEF0123456789"])
def test_a_recorded_build_the_cache_did_not_make_is_no_build(project: Path, build) -> None:
    """A build id names folders (remembered answers): a record with any other is ignored."""
    record = project / CACHE_DIR / "verified.json"
    data = json.loads(record.read_text())
    record.write_text(json.dumps(data | {"build": build}))
    assert current_build(str(project)) is None
