"""Whether ``.stackcrew-cache/`` holds only what stackcrew wrote on this machine.

Readers believe the cache: facts matched by content hashes, a card naming the engine, a
board's counts, answers printed as they are. A repository can carry a forged one: committed
with ``git add -f`` and cloned, shipped in a tarball, or brought onto a good one by a
``git pull`` (git overwrites ignored files with tracked ones without a word). So every
reader asks `cache_trusted` first and every writer of such content takes its folder from
`content_dir`.

Trust rests on a stamp, ``.stackcrew-cache/.written-here``, that stackcrew writes when it
creates or adopts the folder. It records

* the identity of the folder's marker ``.gitignore`` (device, inode and change time: no
  repository content, committed or archived, can set a change time, nor choose an inode,
  so a stamp that came with the repository, or was copied from another folder, never
  matches the marker on this disk; a folder moved within one file system keeps its
  marker, and so its trust);
* the identity of git's index file when stackcrew last saw git track nothing in the
  folder (inode, size, modification and change times): git rewrites its index whenever a
  checkout, pull or merge writes files, so while the index is as recorded, git has put
  nothing there since.

The usual check is three stats and one small read, once per process and root. When git's
index changed, one ``git ls-files`` says whether it now tracks anything in the folder:
nothing, and the stamp is brought up to date; something, and the cache is untrusted (read
nothing, write nothing, one warning naming a tracked path and the fix) and the stamp is
removed, so the files are deleted once git no longer tracks them. A missing or foreign stamp
with nothing tracked (a tarball, a copy, an older stackcrew, a cache once untrusted) is
adopted: the content the readers would believe (`CONTENT`) is deleted, links not followed,
and a fresh marker and stamp written. A running sprint's worktrees, logs and lock are
kept. A cache is never worth an error: a folder that cannot be checked is not trusted.
"""

from __future__ import annotations

import os
import stat
import sys

from project_state.cache_folder import CACHE_ROOT, MARKER, cache_path
from project_state.errors import Refusal

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`: a quick answer loads neither (~5 ms each)
if TYPE_CHECKING:
    from pathlib import Path

STAMP = ".written-here"
STAMP_FORMAT = 1
STAMP_LIMIT = 4096  # a stamp is ~130 bytes
# What readers believe, by its owner: the index cache (`orchestrator.index.cache`), stored
# answers (`orchestrator.replies.stored`), the board summary (`project_state.board_summary`)
# and the project card (`orchestrator.project_card`).
CONTENT = ("index", "answers", "board", "project-card.json")
FIX = f"git rm -r --cached {CACHE_ROOT} && rm -r {CACHE_ROOT}"

Identity = list[int] | None
_verdicts: dict[str, tuple[Identity, bool]] = {}  # root -> (git's index seen, trusted)
_index_paths: dict[str, str | None] = {}  # root -> its git index file, once found


class UntrustedCache(PermissionError):
    """The cache holds what git tracks: nothing is written there (an `OSError`, which
    every cache writer already takes as a cache that cannot be written)."""


def cache_trusted(repo_root: Path | str) -> bool:
    """Whether the cache of the repository at `repo_root` may be read (and written)."""
    root = os.fspath(repo_root)
    index = git_index_identity(root)
    known = _verdicts.get(root)
    if known is not None and known[0] == index:
        return known[1]
    try:
        trusted = _check(root, index)
    except (OSError, Refusal):  # a cache is never worth an error: it is only not used
        trusted = False
    _verdicts[root] = (index, trusted)
    return trusted


def content_dir(repo_root: Path, *parts: str) -> Path:
    """`cache_dir` for what readers believe: refused (`UntrustedCache`) while the cache is
    not trusted; a link is refused by its path, as `cache_dir` always does."""
    content_path(os.fspath(repo_root), *parts)
    return repo_root.joinpath(CACHE_ROOT, *parts)


def content_path(repo_root: str, *parts: str) -> str:
    """`content_dir` as text, for a quick answer that writes without loading `pathlib`."""
    if not cache_trusted(repo_root):
        if os.path.islink(os.path.join(repo_root, CACHE_ROOT)):
            cache_path(repo_root)  # raises its `Refusal`, which names the link
        raise UntrustedCache(f"{CACHE_ROOT} is not trusted")
    return cache_path(repo_root, *parts)


def git_index_identity(root: str) -> Identity:
    """Inode, size, modification and change times of the git index of the work tree
    holding `root`; None when there is none (no repository, or no index yet)."""
    path = _index_paths.get(root, "")
    if path == "":
        path = _index_paths[root] = _git_index_path(root)
    try:
        found = os.stat(path) if path is not None else None
    except OSError:
        return None
    if found is None:
        return None
    return [found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def _git_index_path(root: str) -> str | None:
    """``.git/index`` of the nearest work tree up from `root`, following a ``.git`` file
    (``gitdir: …``, as a linked worktree or a submodule has)."""
    folder = root
    while True:
        dot_git = os.path.join(folder, ".git")
        if os.path.isdir(dot_git):
            return os.path.join(dot_git, "index")
        if os.path.isfile(dot_git):
            return _linked_index(folder, dot_git)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _linked_index(folder: str, dot_git: str) -> str | None:
    try:
        with open(dot_git, "rb") as handle:
            first = handle.readline().decode("utf-8", "surrogateescape").strip()
    except OSError:
        return None
    if not first.startswith("gitdir:"):
        return None
    return os.path.join(folder, first[len("gitdir:") :].strip(), "index")


def _check(root: str, index: Identity) -> bool:
    folder = os.path.join(root, CACHE_ROOT)
    try:
        found = os.lstat(folder)
    except FileNotFoundError:
        found = None
    if found is not None and not stat.S_ISDIR(found.st_mode):
        return False  # a link: nothing is read through it, nor written (`cache_dir`)
    stamp = _read_stamp(folder) if found is not None else None
    if stamp is not None and stamp["index"] == index:
        return True
    tracked = _tracked(root) if _index_paths.get(root) is not None else []  # no git: none
    if tracked is None:
        _warn(root, f"git could not list what it tracks in {CACHE_ROOT}/, so")
        return False
    if tracked:
        _taint(folder)
        _warn(root, f"git tracks {tracked[0]!r}: {CACHE_ROOT}/ came with the repository, so")
        return False
    if stamp is None:
        _adopt(root, folder)
    _write_stamp(folder, index)
    return True


def _read_stamp(folder: str) -> dict[str, Identity] | None:
    """The stamp when it was written here, for this very marker; else None (a marker that
    is no file, a folder or a link an archive or a submodule holds, is vouched for by none:
    a stamp naming no marker would match it)."""
    import json  # lazy: every reader of the cache has loaded it already

    try:
        marker = _marker_identity(folder)
        if marker is None:
            return None
        stamp = json.loads(_read_small_file(os.path.join(folder, STAMP)))
        if stamp["format"] != STAMP_FORMAT or stamp["marker"] != marker:
            return None
        return {"index": stamp["index"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _read_small_file(path: str) -> bytes:
    """A regular file's first `STAMP_LIMIT` bytes; anything else (a link, a pipe: read
    before git says whether it tracks them, ``/dev/tty`` or a pipe would hold the command,
    ``/dev/zero`` fill its memory) is an `OSError`."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a file")
        return os.read(fd, STAMP_LIMIT)
    finally:
        os.close(fd)


def _marker_identity(folder: str) -> list[int] | None:
    found = os.lstat(os.path.join(folder, MARKER))
    if not stat.S_ISREG(found.st_mode):
        return None
    return [found.st_dev, found.st_ino, found.st_ctime_ns]


def _tracked(root: str) -> list[str] | None:
    """The paths git tracks in the cache folder, in any letter case; None when git fails."""
    from project_state.git_process import tracked_pathspec, try_git  # lazy: index changed

    done = try_git(root, "ls-files", "-z", "--", tracked_pathspec(CACHE_ROOT), timeout=30)
    if done is None or done.returncode != 0:
        return None
    return [p.decode("utf-8", "surrogateescape") for p in done.stdout.split(b"\0") if p]


def _taint(folder: str) -> None:
    """Forget the stamp: once git tracks nothing there, the folder is adopted anew and
    what git put there deleted."""
    try:
        os.unlink(os.path.join(folder, STAMP))
    except OSError:
        pass


def _adopt(root: str, folder: str) -> None:
    """Delete what readers would believe, the marker and the old stamp (whatever they
    are), links not followed; a fresh marker follows (`cache_path`)."""
    import shutil  # lazy: adopting a folder is rare

    for name in (*CONTENT, MARKER, STAMP):
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)  # removes links inside, never what they point to
        elif os.path.lexists(path):
            os.unlink(path)
    cache_path(root)


def _write_stamp(folder: str, index: Identity) -> None:
    import json  # lazy: as in `_read_stamp`

    from project_state.atomic import write_atomic  # lazy: for writes only

    document = {
        "format": STAMP_FORMAT,
        "marker": _marker_identity(folder),
        "index": index,
    }
    write_atomic(os.path.join(folder, STAMP), json.dumps(document).encode(), durable=False)


def _warn(root: str, problem: str) -> None:
    """Once per check (`cache_trusted` remembers its verdict): the command goes on."""
    sys.stderr.write(
        f"warning: {problem} stackcrew neither reads nor writes its cache in {root}\n"
        f"hint: remove the folder from git and from disk ({FIX}); stackcrew rebuilds it\n"
    )
