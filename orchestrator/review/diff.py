"""What a change adds: files, statuses, blob ids and added lines, parsed from git's diffs.

The git layer (`orchestrator.git_repo`) runs the commands; this module reads their output.
Paths come from ``git diff --raw -z`` (NUL-separated, never quoted), so a name such as
``café.py`` or ``a "b".py`` is read as written. The patch text of ``git diff -U0`` quotes
unusual names in its ``+++`` headers; those headers are matched against the quoted forms
of the paths the raw listing gave, never unquoted. File contents are read by blob id with
one ``git cat-file --batch`` (`orchestrator.git_repo.read_blobs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from orchestrator.git_repo import COMMIT_MARK, PLAIN_PATCH, git

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
NO_BLOB = "0" * 40
_C_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}


@dataclass
class Changes:
    """The files a change touches (status A/M/D/T) and the line numbers it adds per file."""

    status: dict[str, str] = field(default_factory=dict)
    added: dict[str, set[int]] = field(default_factory=dict)
    # per path: (mode, blob id) on the base side and on the head side; NO_BLOB when absent
    blobs: dict[str, tuple[tuple[str, str], tuple[str, str]]] = field(default_factory=dict)

    def present(self) -> list[str]:
        """Changed files that exist at head, in path order."""
        return sorted(p for p, s in self.status.items() if s != "D")

    def lines(self, path: str) -> set[int]:
        return self.added.get(path, set())

    def is_new(self, path: str) -> bool:
        return self.status.get(path) == "A"

    def base_blob(self, path: str) -> str | None:
        """The blob id of `path` on the base side, when it was a regular file there."""
        (mode, blob), _ = self.blobs.get(path, (("", NO_BLOB), ("", NO_BLOB)))
        return blob if blob != NO_BLOB and mode.startswith("100") else None

    def head_blob(self, path: str) -> str | None:
        _, (mode, blob) = self.blobs.get(path, (("", NO_BLOB), ("", NO_BLOB)))
        return blob if blob != NO_BLOB and mode.startswith("100") else None


def read_changes(root: Path, base: str, head: str) -> Changes:
    """The files `base..head` changes and the lines it adds, by path as git names them."""
    changes = Changes()
    raw = git(root, "diff", "--raw", "-z", "--no-renames", "--no-abbrev", base, head, "--")
    for path, status, old, new in parse_raw(raw):
        changes.status[path] = status
        changes.blobs[path] = (old, new)
    patch = git(root, "diff", "-U0", *PLAIN_PATCH, "--no-renames", base, head, "--")
    changes.added = parse_added_lines(patch, list(changes.status))
    return changes


RawEntry = tuple[str, str, tuple[str, str], tuple[str, str]]


def parse_raw(raw: str) -> list[RawEntry]:
    """(path, status letter, (base mode, blob), (head mode, blob)) from `--raw -z` output."""
    return parse_raw_log(raw).get("", [])


def parse_raw_log(raw: str) -> dict[str, list[RawEntry]]:
    """Per commit, the raw entries of `git log --raw -z --format=%x01%H` (key "" without)."""
    found: dict[str, list[RawEntry]] = {}
    commit, tokens = "", iter(raw.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(COMMIT_MARK):
            commit = token[len(COMMIT_MARK) :].strip()
            continue
        fields = token.lstrip(":").split()
        path = next(tokens, "")
        if len(fields) == 5 and path:
            old_mode, new_mode, old, new, status = fields
            found.setdefault(commit, []).append(
                (path, status[:1], (old_mode, old), (new_mode, new))
            )
    return found


def read_commit_changes(root: Path, base: str, head: str) -> dict[str, Changes]:
    """Each non-merge commit of `base..head` against its parent, oldest first."""
    span = [f"{base}..{head}", "--"]
    log = ["log", "--no-merges", "--reverse", "--no-renames", f"--format={COMMIT_MARK}%H"]
    raw = parse_raw_log(git(root, *log, "--raw", "-z", "--no-abbrev", *span))
    patches = _split_log(git(root, *log, "-p", "-U0", *PLAIN_PATCH, *span))
    commits: dict[str, Changes] = {}
    for sha, entries in raw.items():
        changes = Changes()
        for path, status, old, new in entries:
            changes.status[path] = status
            changes.blobs[path] = (old, new)
        changes.added = parse_added_lines(patches.get(sha, ""), list(changes.status))
        commits[sha] = changes
    return commits


def _split_log(text: str) -> dict[str, str]:
    """The patch of each commit; a marker line cannot be a patch line (those start +-@ …)."""
    patches: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.split("\n"):
        if line.startswith(COMMIT_MARK):
            current = patches.setdefault(line[len(COMMIT_MARK) :].strip(), [])
        else:
            current.append(line)
    return {sha: "\n".join(lines) for sha, lines in patches.items()}


def parse_added_lines(diff_text: str, paths: list[str]) -> dict[str, set[int]]:
    """Per file of `paths`, the head-side line numbers of `+` lines in a -U0 unified diff."""
    headers = {quoted_header(path): path for path in paths}
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff_text.split("\n"):
        if line.startswith("+++ "):
            # git ends the header with a tab when the name has a space (patch(1) reads it so)
            path = headers.get(line[4:]) or headers.get(line[4:].removesuffix("\t"))
            current = None if path is None else added.setdefault(path, set())
            continue
        match = _HUNK.match(line)
        if match and current is not None:
            start, count = int(match.group(1)), int(match.group(2) or 1)
            current.update(range(start, start + count))
    return {path: lines for path, lines in added.items() if lines}


def quoted_header(path: str) -> str:
    """`b/<path>` as git writes it after `+++ ` with core.quotePath off (C-style quoting)."""
    target = f"b/{path}"
    if not any(ord(c) < 32 or c in '"\\' or ord(c) == 127 for c in target):
        return target
    out = []
    for c in target:
        code = ord(c)
        if c in '"\\':
            out.append("\\" + c)
        elif code in _C_ESCAPES:
            out.append(_C_ESCAPES[code])
        elif code < 32 or code == 127:
            out.append(f"\\{code:03o}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'
