"""The index cache under ``<repo>/.stackcrew-cache/index/``; this module owns its files,
but for ``verified.json``, the tree as it last matched them (`verified`).

* ``files.json`` — each file's facts keyed by path, with the file's content hash,
  modification time and size: what an incremental build reuses. Its entries are added as
  they are known (`FilesWriter`), after a parallel parse by a parsing worker while this
  process links (`orchestrator.index.scribe`), and every section is written row by row, so
  a build never holds its whole cache as rows or text.
* ``ready-<section>.json`` — one linked section of the index (``routes``, ``models``, …),
  ready to query: a header line with the id of the build that wrote it, then one JSON
  row per line, so a few rows can be decoded without the others. The header also holds
  the rows' layout (`codec.plain_layout`), so that they can be read without the fact
  classes (`cache.plain_rows`); the routes section ends with each route's path and tags,
  what questions about endpoints filter on, and where each row starts (`sections`).
* ``ready-summary.json`` — that build id, the migration heads and the build's stats: what
  a question needs of ``ready.json``, without its manifest of every file.
* ``ready.json`` — written last: that build id, the manifest of the files the index was
  built from, the migration heads and the build's stats.
* ``base/<key>/`` — the same sections and ``ready.json`` (without a manifest) for an index
  that is a pure function of `key`, such as a review's index at its base (see
  `orchestrator.review.base_index`); the newest `KEPT_LINKED` are kept.

Every file carries `cache_format()` (`format.py`), which changes with `INDEX_VERSION`, the
layout of every cached dataclass and the index's own code. A file whose size and modification time match the
manifest is taken as unchanged, unless its modification time is not older than the cache
("racily clean", as git says): then its content hash decides. A cache that cannot be
read, decoded or written is ignored: the index never fails because of its cache.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from orchestrator import collector
from orchestrator.index.cache.codec import decoder, encoder, layout_signature, plain_layout
from orchestrator.index.cache.files_writer import FilesWriter
from orchestrator.index.cache.files_writer import dumps as _dumps
from orchestrator.index.cache.format import LAYOUT, cache_format  # noqa: F401  (LAYOUT: read here)
from orchestrator.index.cache.sections import all_rows, picked_rows, write_section
from orchestrator.index.facts import SECTIONS, IndexStats, Route
from orchestrator.index.project_index import ProjectIndex
from project_state.cache_folder import CACHE_ROOT
from project_state.cache_trust import cache_trusted, content_dir

CACHE_DIR = f"{CACHE_ROOT}/index"
DECODE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError)
BACKGROUND_THRESHOLD = 300  # files from which the cache is written by a forked child
SUMMARY = "ready-summary.json"  # what `ready.json` says but its manifest (`cache.plain_rows`)
STALE_TEMP_SECONDS = 600.0  # a write's temporary file older than this was left by a kill
LINKED_DIR = "base"
KEPT_LINKED = 4


@dataclass(slots=True)
class CachedFile:
    sha: str
    mtime_ns: int
    size: int
    facts: Any  # file_facts.FileFacts, imported only when files are parsed
    row: Any = None  # the facts as stored, when known: saves encoding them again


@dataclass(slots=True)
class ReadyCache:
    manifest: dict[str, list[Any]]
    mtime_ns: int
    build: str
    root: str
    heads: list[str]
    stats: IndexStats


def layout() -> str:
    from orchestrator.index.files.file_facts import FileFacts  # lazy: as in `load_files`

    return layout_signature(IndexStats, FileFacts, *SECTIONS.values())


class IndexCache:
    def __init__(self, repo_root: Path, folder: tuple[str, ...] = ()) -> None:
        self.repo_root = repo_root
        self.folder = folder
        self.directory = repo_root.joinpath(CACHE_DIR, *folder)

    @classmethod
    def linked(cls, repo_root: Path, key: str) -> IndexCache:
        """The cache of the index that `key` (hex digits) stands for, under ``base/``."""
        return cls(repo_root, (LINKED_DIR, key))

    def load_ready(self) -> ReadyCache | None:
        loaded = self._load("ready.json")
        if loaded is None:
            return None
        data, mtime_ns = loaded
        try:
            stats = decoder(IndexStats)(data["stats"])
            return ReadyCache(
                data["manifest"], mtime_ns, data["build"], data["root"], data["heads"], stats
            )
        except DECODE_ERRORS:
            return None

    def ready_index(
        self, ready: ReadyCache, rebuild: Callable[[], ProjectIndex]
    ) -> ProjectIndex | None:
        """The stored index, its sections read now and decoded when first used; a section
        that cannot be decoded comes from `rebuild`, which the caller supplies: how to make
        the index again is the builder's knowledge, not the cache's."""
        loaders, picker = {}, None
        for name, cls in SECTIONS.items():
            text = self._section_text(name, ready.build)
            if text is None:
                return None
            loaders[name] = _section_loader(text, cls, name, rebuild)
            if name == "routes":
                picker = _route_picker(text, rebuild)
        return ProjectIndex.deferred(ready.root, ready.heads, ready.stats, loaders, picker)

    def load_files(self) -> tuple[dict[str, CachedFile], int]:
        loaded = self._load("files.json")
        if loaded is None:
            return {}, 0
        # A ready cache is decoded without these ~10 ms of per-file fact classes.
        from orchestrator.index.files.file_facts import FileFacts  # lazy: see above

        data, mtime_ns = loaded
        decode = decoder(FileFacts)
        try:
            files = {
                path: CachedFile(sha, mtime, size, decode(facts), facts)
                for path, (sha, mtime, size, facts) in data["files"].items()
            }
        except DECODE_ERRORS:
            return {}, 0
        return files, mtime_ns

    def files_writer(self, found: dict[str, Any]) -> FilesWriter | None:
        """A new ``files.json`` to add each file's entry to as soon as it is known (`found`:
        the files' stats by path); None when the cache cannot be written."""
        try:
            self._prepare()
            return FilesWriter(self.directory / "files.json", found)
        except OSError:
            return None

    def save(self, files: dict[str, CachedFile], index: ProjectIndex, stored: FilesWriter) -> bool:
        """Write the sections, put `stored` (every file's entry added) in place, then
        ``ready.json``, each atomically and ``ready.json`` last; False when not writable."""
        build = os.urandom(8).hex()
        try:
            self._write_sections(index, build)
            self._write(SUMMARY, _summary_document(index, build))
            stored.commit()
            self._write("ready.json", _ready_document(files, index, build))
        except OSError:
            stored.discard()
            return False
        return True

    def save_linked(self, index: ProjectIndex) -> bool:
        """Write `index` as a ready cache without a manifest (its key says what it is of),
        and forget all but the newest `KEPT_LINKED` of its kind; False when not writable."""
        build = os.urandom(8).hex()
        try:
            self._prepare()
            self._write_sections(index, build)
            self._write("ready.json", _ready_document({}, index, build))
        except OSError:
            return False
        _forget_older(self.directory.parent, KEPT_LINKED)
        return True

    def load_linked(self, rebuild: Callable[[], ProjectIndex]) -> ProjectIndex | None:
        """The index `save_linked` wrote here, its sections decoded when first read (from
        `rebuild` if one cannot be)."""
        ready = self.load_ready()
        if ready is None or ready.root != str(self.repo_root):
            return None
        index = self.ready_index(ready, rebuild)
        if index is not None:
            index.stats.source = "ready"
        return index

    def _write_sections(self, index: ProjectIndex, build: str) -> None:
        """Each section row by row into its file: the rows are never all held as text.
        In this process: a forked writer of some sections pays more in copy-on-write
        faults (reference counts of the rows it reads) than it takes off the build."""
        from project_state.atomic import AtomicFile  # lazy: for writes only

        for name, cls in SECTIONS.items():
            items = index.section(name)
            # the layout: the rows can be read without the classes
            header = {"build": build, "count": len(items), "layout": plain_layout(cls)}
            section = AtomicFile(self.directory / f"ready-{name}.json", durable=False)
            try:
                write_section(
                    section.write,
                    _dumps(header).encode(),
                    items,
                    _row_text(encoder(cls)),
                    _route_key if name == "routes" else None,
                )
            except BaseException:
                section.discard()
                raise
            section.commit()

    def save_in_background(
        self, files: dict[str, CachedFile], index: ProjectIndex, stored: FilesWriter
    ) -> CacheWriter | None:
        """`save` in a forked child while this process goes on; None when not worth it.

        Only from a single-threaded process on Linux with two cores or more and at least
        `BACKGROUND_THRESHOLD` files. The child writes, then leaves at once whatever
        happens (no ``atexit``, no buffered output); `CacheWriter.wait` reaps it.
        """
        if (
            len(files) < BACKGROUND_THRESHOLD
            or sys.platform != "linux"
            or len(os.sched_getaffinity(0)) < 2
            or threading.active_count() != 1
        ):
            return None
        # What the child writes with (project_state.atomic) came with `stored`.
        stored.settle()  # a parsing worker adding entries is this process's child
        stored.flush()  # what is buffered is written once, by this process
        try:
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the child
            code = 1
            try:
                code = 0 if self.save(files, index, stored) else 1
            finally:
                os._exit(code)
        stored.release()  # the child puts files.json in place, or drops it
        return CacheWriter(pid)

    def _prepare(self) -> None:
        from project_state.atomic import sweep_stale_temp_files  # lazy: for writes only

        content_dir(self.repo_root, "index", *self.folder)
        sweep_stale_temp_files(self.directory, STALE_TEMP_SECONDS)

    def _section_text(self, name: str, build: str) -> bytes | None:
        try:
            text = (self.directory / f"ready-{name}.json").read_bytes()
        except OSError:
            return None
        return text if text.startswith(f'{{"build":"{build}",'.encode()) else None

    def _load(self, name: str) -> tuple[dict[str, Any], int] | None:
        if not cache_trusted(self.repo_root):
            return None
        try:
            with open(self.directory / name, "rb") as handle:
                mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
                data = json.loads(handle.read())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != cache_format():
            return None
        return data, mtime_ns

    def _write(self, name: str, data: dict[str, Any]) -> None:
        self._write_text(name, _dumps(data))

    def _write_text(self, name: str, text: str) -> None:
        # lazy: for writes only; derived files, rebuilt at will, so not fsynced
        from project_state.atomic import write_atomic

        write_atomic(self.directory / name, text.encode("utf-8"), durable=False)


class CacheWriter:
    """A forked child writing the cache; `wait` reaps it once and says if it succeeded."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.ok: bool | None = None

    def wait(self) -> bool:
        if self.ok is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.ok = os.waitstatus_to_exitcode(status) == 0
            except ChildProcessError:
                self.ok = False
        return self.ok


def _section_loader(text: bytes, cls: type, name: str, rebuild: Callable[[], ProjectIndex]) -> Any:
    def load() -> list[Any]:
        try:
            return _decoded(cls, all_rows(text)[1])
        except DECODE_ERRORS:  # a damaged section: rebuild rather than fail
            return rebuild().section(name)

    return load


def _route_picker(text: bytes, rebuild: Callable[[], ProjectIndex]) -> Any:
    """The routes whose path and tags pass a test, decoding only their rows."""

    def pick(keep: Any, mentions: tuple[str, ...] | None) -> list[Any]:
        try:
            return _decoded(Route, picked_rows(text, keep, mentions)[1])
        except DECODE_ERRORS:
            return [r for r in rebuild().routes if keep(r.path, r.tags)]

    return pick


def _row_text(encode: Callable[[Any], Any]) -> Callable[[Any], str]:
    return lambda item: _dumps(encode(item))


def _route_key(route: Route) -> str:
    return _dumps([route.path, route.tags])


def _decoded(cls: type, lines: list[bytes]) -> list[Any]:
    """Rows, one JSON document a line, decoded with the collector paused: it would walk
    the growing heap many times and find nothing to free."""
    rows = json.loads(b"[" + b",".join(lines) + b"]")
    decode = decoder(cls)
    with collector.paused():
        return [decode(row) for row in rows]


def _forget_older(folder: Path, kept: int) -> None:
    """Remove all but the `kept` most recently written caches in `folder`."""
    import shutil  # lazy: ~2 ms, for a review's base index only

    try:
        entries = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in entries[kept:]:
        shutil.rmtree(old, ignore_errors=True)


def _ready_document(
    files: dict[str, CachedFile], index: ProjectIndex, build: str
) -> dict[str, Any]:
    manifest = {p: [c.sha, c.mtime_ns, c.size] for p, c in files.items()}
    return _summary_document(index, build) | {"manifest": manifest}


def _summary_document(index: ProjectIndex, build: str) -> dict[str, Any]:
    return {
        "format": cache_format(),
        "build": build,
        "root": index.root,
        "heads": index.migration_heads,
        "stats": encoder(IndexStats)(index.stats),
        "stats_layout": plain_layout(IndexStats),
    }
