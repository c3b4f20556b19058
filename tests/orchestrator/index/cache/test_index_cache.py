"""The cache: warm loads parse nothing, an edit reparses one file, bad input never fails."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from orchestrator.index import build_index
from orchestrator.index.cache.store import CACHE_DIR
from project_state.cache_trust import content_dir

FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"


needs_fork = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="parsing in parallel and writing the cache in a forked child need two cores",
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "routing", root)
    shutil.copytree(FIXTURES / "frontend" / "src", root / "frontend" / "src")
    return root


def test_cold_then_ready_then_one_edit(project: Path) -> None:
    cold = build_index(project)
    assert cold.stats.source == "incremental" and cold.stats.cached == 0
    assert len(cold.stats.parsed) == cold.stats.files
    assert (project / CACHE_DIR / "ready.json").exists()
    assert (project / ".stackcrew-cache" / ".gitignore").read_text().endswith("*\n")

    warm = build_index(project)
    assert (warm.stats.source, warm.stats.parsed) == ("ready", [])
    assert warm.routes == cold.routes and warm.schemas == cold.schemas
    assert warm.ts_types == cold.ts_types

    items = project / "app" / "routers" / "items.py"
    items.write_text(
        items.read_text().replace('"/files/{file_path:path}"', '"/blobs/{file_path:path}"')
    )
    edited = build_index(project)
    assert edited.stats.parsed == ["app/routers/items.py"]
    paths = {r.path for r in edited.routes}
    assert (
        "/api/v1/items/blobs/{file_path}" in paths
        and "/api/v1/items/files/{file_path}" not in paths
    )


def test_a_touched_but_unchanged_file_is_not_reparsed(project: Path) -> None:
    build_index(project)
    users = project / "app" / "routers" / "users.py"
    stat = users.stat()
    os.utime(users, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = build_index(project)
    assert again.stats.parsed == []


def test_same_size_edit_right_after_the_build_is_seen(project: Path) -> None:
    build_index(project)
    users = project / "app" / "routers" / "users.py"
    users.write_text(users.read_text().replace('prefix="/users"', 'prefix="/usrs!"'))
    again = build_index(project)
    assert again.stats.parsed == ["app/routers/users.py"]
    assert any(r.path.startswith("/api/v1/usrs!") for r in again.routes)


def test_unparsable_file_is_skipped_reported_and_cached(project: Path) -> None:
    broken = project / "app" / "broken.py"
    broken.write_text("def oops(:\n    pass\n")
    first = build_index(project)
    (skipped,) = first.skipped
    assert skipped.file == "app/broken.py"
    assert skipped.reason.startswith("SyntaxError at line 1")
    assert len(first.routes) > 10
    second = build_index(project)
    assert second.stats.parsed == [] and second.skipped == first.skipped


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_unreadable_file_is_skipped(project: Path) -> None:
    # Reading /proc/self/mem from its start fails with EIO for everyone, root included.
    (project / "app" / "secret.py").symlink_to("/proc/self/mem")
    (skipped,) = build_index(project, use_cache=False).skipped
    assert skipped.file == "app/secret.py" and skipped.reason.startswith("cannot read")


def test_added_and_removed_files(project: Path) -> None:
    build_index(project)
    (project / "app" / "routers" / "health.py").unlink()
    (project / "app" / "extra.py").write_text(
        "from pydantic import BaseModel\nclass Extra(BaseModel):\n    a: int\n"
    )
    again = build_index(project)
    assert again.stats.parsed == ["app/extra.py"]
    assert "/health" not in {r.path for r in again.routes}
    assert "Extra" in {s.name for s in again.schemas}


def test_corrupt_or_foreign_cache_is_rebuilt(project: Path) -> None:
    build_index(project)
    (project / CACHE_DIR / "ready.json").write_text("{not json")
    (project / CACHE_DIR / "files.json").write_text('{"format": "0-old", "files": {}}')
    rebuilt = build_index(project)
    assert rebuilt.stats.cached == 0 and rebuilt.routes


def test_a_killed_writers_old_temporary_file_is_swept_by_the_next_write(project: Path) -> None:
    """A cold build killed while writing leaves its files.json replacement (megabytes on a
    big project); one written to in the last minutes may be a live writer's, and stays."""
    build_index(project)
    cache = project / CACHE_DIR
    left = cache / ".files.json.k1ll3d0x.stackcrew-tmp"
    live = cache / ".files.json.w0rk1ng0.stackcrew-tmp"
    for temp in (left, live):
        temp.write_bytes(b'{"format": "5-')
    hour_ago = left.stat().st_mtime - 3600
    os.utime(left, (hour_ago, hour_ago))
    (project / "app" / "main.py").write_text((project / "app" / "main.py").read_text() + "\n")
    assert build_index(project).stats.parsed == ["app/main.py"]
    assert not left.exists() and live.exists()


def test_unwritable_cache_is_not_fatal(project: Path) -> None:
    (project / ".stackcrew-cache").write_text("a file where the cache directory should be\n")
    first = build_index(project)
    assert first.routes and build_index(project).stats.source == "incremental"


def test_skipped_directories_are_not_read(project: Path) -> None:
    for name in ("node_modules", ".venv", "project_state", "__pycache__"):
        (project / name).mkdir(exist_ok=True)
        (project / name / "bad.py").write_text("def (:\n")
    index = build_index(project, use_cache=False)
    assert index.skipped == []


def test_cache_layout_constant_follows_the_cached_classes() -> None:
    from orchestrator.index.cache.store import LAYOUT, layout

    assert layout() == LAYOUT, "a cached dataclass changed: set cache.store.LAYOUT to the new value"


def test_a_damaged_section_is_rebuilt_not_fatal(project: Path) -> None:
    cold = build_index(project)
    section = project / CACHE_DIR / "ready-routes.json"
    header = section.read_text().split("\n")[0]
    section.write_text(header + "\n[[broken")
    warm = build_index(project)
    assert warm.stats.source == "ready"
    assert warm.routes_where(lambda path, tags: True) == cold.routes
    assert warm.routes == cold.routes


def test_routes_where_decodes_only_the_routes_it_keeps(project: Path) -> None:
    cold = build_index(project)
    warm = build_index(project)
    assert warm.stats.source == "ready"
    users = warm.routes_where(lambda path, tags: "users" in path)
    assert users == [r for r in cold.routes if "users" in r.path]
    assert users and len(users) < len(cold.routes)
    assert "routes" not in warm._sections  # nothing else was decoded


@needs_fork
def test_parallel_parsing_gives_the_same_facts(big_project: Path) -> None:
    from orchestrator.index import parse_pool
    from orchestrator.index.files.discover import discover

    found = discover(str(big_project))
    jobs = [(rel, f.path, f.kind) for rel, f in found.items()]
    parsed = parse_pool.parse_all(jobs)
    assert [p[:3] for p in parsed] == [
        (rel, sha, facts) for rel, sha, facts in parse_pool._parse(jobs)
    ]
    from orchestrator.index.cache.codec import decoder
    from orchestrator.index.files.file_facts import FileFacts

    rows = [(facts, row) for _, _, facts, row in parsed if row is not None]
    assert rows, "the workers' files come with their cache rows"
    assert all(decoder(FileFacts)(row) == facts for facts, row in rows)


def test_a_missing_project_is_an_error_that_names_it(tmp_path: Path) -> None:
    from orchestrator.index.errors import NotAProjectError

    with pytest.raises(NotAProjectError, match="nowhere: not a directory"):
        build_index(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


@pytest.fixture
def big_project(project: Path) -> Path:
    """The project with enough files that parsing runs in parallel and the cache is
    written by a forked child (both thresholds are 300 files)."""
    many = project / "app" / "many"
    many.mkdir()
    for n in range(320):
        (many / f"module_{n}.py").write_text(f"VALUE_{n} = {n}\n")
    return project


def build_in_own_process(root: Path, wait: str) -> dict:
    script = Path(__file__).with_name("background_build.py")
    done = subprocess.run(
        [sys.executable, str(script), str(root), wait], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_fork
def test_a_cache_written_in_the_background_is_reused(big_project: Path) -> None:
    seen = build_in_own_process(big_project, "wait")
    assert seen["forked"] == 1, "a forked child writes the cache"
    assert seen["written"] is True and seen["left"] == 0
    assert (big_project / CACHE_DIR / "ready.json").is_file()
    assert not list((big_project / CACHE_DIR).glob(".*.tmp"))
    assert seen["again_parsed"] == ["app/routers/users.py"] and seen["same_routes"]


@needs_fork
def test_a_background_writer_that_fails_leaves_no_ready_cache(big_project: Path) -> None:
    # A directory where ready.json goes: the child's last, atomic replace fails. The folder
    # is stackcrew's first (`content_dir`): adopting a folder it did not write clears it.
    content_dir(big_project, "index")
    (big_project / CACHE_DIR / "ready.json" / "in-the-way").mkdir(parents=True)
    seen = build_in_own_process(big_project, "wait")
    assert seen["forked"] == 1 and seen["written"] is False and seen["left"] == 0
    assert not list((big_project / CACHE_DIR).glob(".*.tmp"))
    assert seen["again_source"] == "incremental" and seen["same_routes"]


def test_a_build_in_the_foreground_writes_the_cache_before_it_returns(big_project: Path) -> None:
    seen = build_in_own_process(big_project, "foreground")
    assert seen["forked"] == 0 and seen["ready_at_once"]
    assert seen["again_parsed"] == ["app/routers/users.py"] and seen["same_routes"]


@needs_fork
def test_the_next_build_waits_for_a_background_write(big_project: Path) -> None:
    seen = build_in_own_process(big_project, "no-wait")  # the second build itself waits
    assert seen["forked"] == 1 and seen["left"] == 1 and seen["reaped"]
    assert seen["again_parsed"] == ["app/routers/users.py"]


def test_files_json_holds_every_file_as_parsed_whichever_process_parsed_it(
    big_project: Path,
) -> None:
    from orchestrator.index.cache.codec import decoder
    from orchestrator.index.files.file_facts import FileFacts

    build_index(big_project, background=False)
    stored = json.loads((big_project / CACHE_DIR / "files.json").read_text())["files"]
    facts: dict = {}
    build_index(big_project, use_cache=False, facts=facts)
    assert stored.keys() == facts.keys()
    decode = decoder(FileFacts)
    assert all(decode(stored[rel][3]) == facts[rel] for rel in facts)
    sizes = {rel: (big_project / rel).stat().st_size for rel in facts}
    assert {rel: entry[2] for rel, entry in stored.items()} == sizes


def _children() -> set[int]:
    """This process's child processes, zombies included (Linux); other tests may have
    left some, so each test compares with what there was before it."""
    task = f"/proc/self/task/{os.getpid()}/children"
    return {int(pid) for pid in Path(task).read_text().split()}


def _parse_into_files_json(root: Path, meanwhile: Any = None) -> tuple[Any, dict]:
    """Every file of `root` parsed by the pool, its entries going to a new files.json."""
    from orchestrator.index.cache.store import IndexCache
    from orchestrator.index.files.discover import discover
    from orchestrator.index.parse_pool import parse_all

    found = discover(str(root))
    stored = IndexCache(root).files_writer(found)
    jobs = [(rel, file.path, file.kind) for rel, file in found.items()]
    parsed = parse_all(jobs, stored, meanwhile)
    return stored, {rel: facts for rel, _, facts, _ in parsed}


@needs_fork
def test_a_scribe_killed_before_writing_leaves_every_entry_to_the_parent(
    big_project: Path,
) -> None:
    """The worker that would add the entries to files.json is killed as soon as it is
    forked: this process parses its files and writes every entry itself."""
    from orchestrator.index.cache.codec import decoder
    from orchestrator.index.files.file_facts import FileFacts

    before = _children()

    def kill_the_worker() -> None:
        for pid in _children() - before:
            os.kill(pid, signal.SIGKILL)

    stored, facts = _parse_into_files_json(big_project, kill_the_worker)
    stored.commit()
    entries = json.loads((big_project / CACHE_DIR / "files.json").read_text())["files"]
    assert entries.keys() == facts.keys()
    decode = decoder(FileFacts)
    assert all(decode(entries[rel][3]) == facts[rel] for rel in facts)
    assert _children() == before


@needs_fork
def test_a_failed_build_stops_its_scribe_and_leaves_no_files_json(big_project: Path) -> None:
    before = _children()
    stored, _ = _parse_into_files_json(big_project)
    assert len(_children() - before) == 1, "the scribe waits for the build to finish"
    stored.discard()
    assert _children() == before
    assert not (big_project / CACHE_DIR / "files.json").exists()
    assert not list((big_project / CACHE_DIR).glob(".*"))


@needs_fork
def test_entries_that_cannot_be_written_fail_the_commit_not_the_wait(big_project: Path) -> None:
    """The scribe is killed and this process cannot write the entries itself (files are
    limited to 4 KiB): `settle` keeps the error for `commit`, which a save reports as an
    unwritable cache, and the temporary file is dropped."""
    import resource

    before = _children()

    def kill_the_worker() -> None:
        for pid in _children() - before:
            os.kill(pid, signal.SIGKILL)

    stored, _ = _parse_into_files_json(big_project, kill_the_worker)
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails, EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, limit[1]))
    try:
        stored.settle()
        with pytest.raises(OSError):
            stored.commit()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
        signal.signal(signal.SIGXFSZ, ignored)
    stored.discard()
    assert _children() == before
    assert not list((big_project / CACHE_DIR).glob("*files.json*"))
