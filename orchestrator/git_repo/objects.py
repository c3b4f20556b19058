"""File contents read from git's objects without touching the work tree."""

from __future__ import annotations

import io
from pathlib import Path

from orchestrator.git_repo.command import git_bytes


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


def export_tree(root: Path, sha: str, dest: Path) -> Path:
    """The files of commit `sha` written under `dest` (no checkout, nothing in `root` moves)."""
    import tarfile  # lazy: only a review reads a whole tree

    archive = git_bytes(root, "archive", "--format=tar", sha)
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest
