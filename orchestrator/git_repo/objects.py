"""File contents read from git's objects without touching the work tree."""

from __future__ import annotations

import os
from pathlib import Path

from orchestrator.git_repo.command import git_bytes
from project_state.errors import StackcrewError

LINK_MODE = "120000"
EXECUTABLE_MODE = "100755"


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The contents of `blobs` (object ids), read with one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    out = git_bytes(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    contents: dict[str, bytes] = {}
    at = 0
    for blob in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        contents[blob] = out[at : at + size]
        at += size + 1
    return contents


def tree_files(listing: bytes) -> dict[str, tuple[str, str]]:
    """Path → (mode, blob id) of the files and links in ``git ls-tree -r -z`` output."""
    files = {}
    for entry in listing.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == b"blob":
            mode, blob = fields[0].decode(), fields[2].decode()
            files[path.decode("utf-8", "surrogateescape")] = (mode, blob)
    return files


def export_tree(root: Path, sha: str, dest: Path) -> Path:
    """The files of commit `sha` written under `dest` (no checkout, nothing in `root` moves).

    Written from git's objects, byte for byte: `git archive` would apply the commit's own
    `.gitattributes`, whose `export-ignore` leaves a file out and `export-subst` rewrites
    it, so a change under review could show the gate other files than it holds."""
    files = tree_files(git_bytes(root, "ls-tree", "-r", "-z", "--full-tree", sha))
    contents = read_blobs(root, [blob for _, blob in files.values()])
    dest.mkdir(parents=True, exist_ok=True)
    links = {}
    for path, (mode, blob) in files.items():
        target = _inside(dest, path)
        if mode == LINK_MODE:
            links[target] = contents.get(blob, b"")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as out:
            out.write(contents.get(blob, b""))
        if mode == EXECUTABLE_MODE:
            target.chmod(0o755)
    for target, pointee in links.items():  # last: no file is written through a link
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(os.fsdecode(pointee))
    _unlink_leading_out(dest, list(links))
    return dest


def _inside(dest: Path, path: str) -> Path:
    parts = path.split("/")
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise StackcrewError(f"git tree entry {path!r} leads out of the tree; nothing exported")
    return dest.joinpath(*parts)


def _unlink_leading_out(dest: Path, links: list[Path]) -> None:
    """Remove the links that lead out of `dest`, through other links too (as tar's `data`
    filter refused them), so that nothing reads through them."""
    home = os.path.realpath(dest)
    out = [link for link in links
           if os.path.commonpath([os.path.realpath(link), home]) != home]  # fmt: skip
    for link in out:
        link.unlink()
