"""The work tree as it was when it last matched the ready cache: a check without a walk.

`build_index` confirms a ready cache the full way: it walks the tree and compares every
file it reads with the manifest of ``ready.json``, hashing the files touched since the
cache was written. Having done so it calls `remember`, which writes ``verified.json``
(this module is its one owner): the build's id, the signature of the ``ready.json`` it
confirmed, the modification time and size of every file read, the modification time of
every folder walked (adding, removing or renaming an entry changes its folder's), and
the entries named like a file the index reads that were not one (a dangling link).

`current_build` then needs no walk, no hash and no fact class: it stats those paths
alone and, while every one is as recorded, returns the build's id. Anything else (a
file or folder changed, ``ready.json`` rewritten, another version of the cache, no
record at all) is None, and the caller takes the full way, which writes a new record.

A time is recorded only when it is older than the walk that saw it, by the file
system's own clock (a marker touched before the walk): a change made during the walk,
in the same clock tick as the time recorded, would leave that time as it was. When any
time is not older, nothing is recorded, and the next full check tries again.
"""

from __future__ import annotations

import json
import os
import re

from orchestrator.index.cache.format import cache_format
from project_state.cache_folder import CACHE_ROOT
from project_state.cache_trust import cache_trusted, content_dir
from project_state.errors import Refusal

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from orchestrator.index.files.discover import FoundFile, Walk

INDEX_DIR = os.path.join(CACHE_ROOT, "index")
RECORD = "verified.json"
CLOCK = "walk-clock"  # touched before a walk: its modification time is the walk's start
READY = "ready.json"


def start_clock(repo_root: str) -> int | None:
    """The file system's time now, as a file written now shows it; None when the cache
    folder cannot be written, or is a link (`cache_dir` refuses it, and so does this)."""
    from pathlib import Path  # lazy: only a walk needs it

    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW  # the marker itself may be a link
    try:
        marker = os.open(content_dir(Path(repo_root), "index") / CLOCK, flags, 0o644)
    except (OSError, Refusal):
        return None
    try:
        os.utime(marker)  # now, by the file system's clock
        return os.fstat(marker).st_mtime_ns
    except OSError:
        return None
    finally:
        os.close(marker)


def ready_signature(repo_root: str) -> list[int] | None:
    """What tells one ``ready.json`` from another: a new one is a new file (`os.replace`)."""
    try:
        stat = os.stat(os.path.join(repo_root, INDEX_DIR, READY))
    except OSError:
        return None
    return [stat.st_ino, stat.st_mtime_ns, stat.st_size]


def remember(
    repo_root: str,
    build: str,
    ready: list[int],
    found: dict[str, FoundFile],
    walk: Walk,
    clock: int,
) -> bool:
    """Record the tree the full check just matched to `build`; False when a time is too
    recent to be trusted (or the record cannot be written)."""
    files = {rel: [file.mtime_ns, file.size] for rel, file in found.items()}
    times = [*walk.folders.values(), *(mtime for mtime, _ in files.values())]
    if any(mtime >= clock for mtime in times):
        return False
    document = {
        "format": cache_format(),
        "root": repo_root,
        "build": build,
        "ready": ready,
        "folders": walk.folders,
        "odd": walk.odd,
        "files": files,
    }
    return _write_if_new(os.path.join(repo_root, INDEX_DIR, RECORD), json.dumps(document))


_BUILD_ID = re.compile(r"[0-9a-f]{16}")  # what `cache.store` makes: 8 random bytes in hex


def current_build(repo_root: str) -> str | None:
    """The id of the ready cache's build when the tree is as last recorded; else None."""
    if not cache_trusted(repo_root):
        return None
    try:
        with open(os.path.join(repo_root, INDEX_DIR, RECORD), "rb") as handle:
            record = json.loads(handle.read())
        if record["format"] != cache_format() or record["root"] != repo_root:
            return None
        if ready_signature(repo_root) != record["ready"] or _changed(repo_root, record):
            return None
        build = record["build"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # a build names folders (remembered answers): only an id the cache itself makes
    return build if isinstance(build, str) and _BUILD_ID.fullmatch(build) else None


def _changed(root: str, record: dict[str, Any]) -> bool:
    prefix = root + os.sep
    stat = os.stat
    for folder, mtime in record["folders"].items():
        if stat(prefix + folder).st_mtime_ns != mtime:
            return True
    for rel, (mtime, size) in record["files"].items():
        found = stat(prefix + rel)  # a link: its target's, as the walk records it
        if found.st_mtime_ns != mtime or found.st_size != size:
            return True
    return any(os.path.isfile(prefix + rel) for rel in record["odd"])


def _write_if_new(path: str, text: str) -> bool:
    """Write `path` (its folder checked by `start_clock`) unless it holds `text` already."""
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return True
    except OSError:
        pass
    # lazy: for writes only; derived, rebuilt at will, so not fsynced
    from pathlib import Path

    from project_state.atomic import write_atomic

    try:
        write_atomic(Path(path), data, durable=False)
    except OSError:
        return False
    return True
