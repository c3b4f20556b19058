"""What a change adds, read from `git diff -U0 base..head`: files, statuses, added lines."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from orchestrator.errors import StackcrewError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass
class Changes:
    """The files a change touches (status A/M/D/R) and the line numbers it adds per file."""

    status: dict[str, str] = field(default_factory=dict)
    added: dict[str, set[int]] = field(default_factory=dict)

    def present(self) -> list[str]:
        """Changed files that exist at head, in path order."""
        return sorted(p for p, s in self.status.items() if s != "D")

    def lines(self, path: str) -> set[int]:
        return self.added.get(path, set())

    def is_new(self, path: str) -> bool:
        return self.status.get(path) == "A"


def git(root: Path, *args: str) -> str:
    """Run git in `root` and return its output, or raise an error that says what failed."""
    argv = ["git", "-c", f"core.hooksPath={os.devnull}", *args]  # no hook runs for us
    done = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StackcrewError(
            f"git {' '.join(args)} failed in {root}: {done.stderr.strip() or done.returncode}",
            hint="check that the refs exist (`git fetch` in CI) and the folder is a repository",
        )
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit sha `ref` names, or an error saying it names none."""
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise StackcrewError(
            f"{ref!r} is not a commit in {root}",
            hint="name a branch, tag or sha; in CI fetch it first (`git fetch origin main`)",
        )
    return done.stdout.strip()


def read_changes(root: Path, base: str, head: str) -> Changes:
    changes = Changes()
    names = git(root, "diff", "--name-status", "--no-renames", "-z", f"{base}..{head}")
    parts = names.split("\0")
    for status, path in zip(parts[0::2], parts[1::2], strict=False):
        if path:
            changes.status[path] = status[:1]
    text = git(
        root, "diff", "-U0", "--no-color", "--no-ext-diff", "--no-renames", f"{base}..{head}"
    )
    changes.added = parse_added_lines(text)
    return changes


def parse_added_lines(diff_text: str) -> dict[str, set[int]]:
    """Per file, the head-side line numbers of `+` lines in a unified diff with -U0."""
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff_text.splitlines():
        if line.startswith("+++ "):
            target = line[4:].strip()
            current = None if target == "/dev/null" else added.setdefault(_unquote(target), set())
            continue
        match = _HUNK.match(line)
        if match and current is not None:
            start, count = int(match.group(1)), int(match.group(2) or 1)
            current.update(range(start, start + count))
    return {path: lines for path, lines in added.items() if lines}


def _unquote(target: str) -> str:
    target = target.strip('"')
    return target.removeprefix("b/")


def export_tree(root: Path, sha: str, dest: Path) -> Path:
    """The files of commit `sha` written under `dest` (no checkout, nothing in `root` moves)."""
    done = subprocess.run(
        ["git", "archive", "--format=tar", sha], cwd=root, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise StackcrewError(f"git archive {sha} failed: {done.stderr.decode().strip()}")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(dest, filter="data")
    return dest
