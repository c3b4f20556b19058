"""`ReviewContext`: everything a rule may look at, computed once and shared."""

from __future__ import annotations

import ast
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestrator.config.review import ReviewSettings
from orchestrator.git_repo import (
    STATE_PREFIX,
    CommitInfo,
    export_tree,
    git,
    merge_base,
    read_blobs,
    read_commits,
    resolve,
    tracked_under,
)
from orchestrator.review.diff import Changes, read_changes, read_commit_changes
from orchestrator.review.findings import Finding, Severity
from project_state.cache_folder import CACHE_ROOT

if TYPE_CHECKING:
    from orchestrator.config import Config
    from orchestrator.index.project_index import ProjectIndex
    from orchestrator.review.recorded_tests import RecordedTests
    from orchestrator.review.scope import ChangeScope
    from orchestrator.review.secret_worker import SecretScanner

OwnerOf = Callable[[str], str | None]


@dataclass
class ReviewContext:
    root: Path
    base: str
    head: str
    config: Config
    settings: ReviewSettings
    owner_of: OwnerOf
    scratch: Path
    changes: Changes
    issue: int | None = None  # an EXECUTE PR's issue: its commits must say `#issue`
    run_tests: bool = True
    notes: list[str] = field(default_factory=list)
    head_facts: dict[str, Any] = field(default_factory=dict)  # filled by a head index build
    parsed: dict[str, ast.Module | None] = field(default_factory=dict)  # syntax trees by path
    running: dict[str, Any] = field(default_factory=dict)  # tools started early, by rule
    # detect-secrets loading in a worker, started by the caller before the review (the
    # secrets rule starts one otherwise)
    scanner: SecretScanner | None = None
    # the test command's runs made by another CI job (`review.recorded_tests`), used
    # instead of running it here
    recorded_tests: RecordedTests | None = None

    @cached_property
    def tree(self) -> Path:
        """The head commit's files on disk: the work tree itself when it is exactly head."""
        if _is_checked_out_clean(self.root, self.head):
            return self.root
        return export_tree(self.root, self.head, self.scratch / "head")

    @cached_property
    def commits(self) -> list[CommitInfo]:
        return read_commits(self.root, self.base, self.head)

    @cached_property
    def head_index(self) -> ProjectIndex:
        from orchestrator.index import build_index  # lazy: keeps importing this module light

        return build_index(self.tree, use_cache=self.trusts_cache, facts=self.head_facts)

    @cached_property
    def base_index(self) -> ProjectIndex:
        """The index at base: head's files with the changed ones read back at base."""
        # lazy: keeps importing this module light
        from orchestrator.review.base_index import base_index

        _ = self.head_index  # built first: its facts are reused
        return base_index(
            self.tree, self.root, self.changes, self.head_facts, use_cache=self.trusts_cache
        )

    @cached_property
    def trusts_cache(self) -> bool:
        """Whether the indexes may read `.stackcrew-cache/`: in the work tree itself (it is
        exactly head), and only while git tracks nothing in it. A committed cache is data
        the change, or one merged before it, wrote: facts stamped with the right hashes
        would be believed, so every file is parsed instead (see QA-CACHE-COMMITTED)."""
        return self.tree == self.root and not tracked_under(self.root, CACHE_ROOT)

    @cached_property
    def scope(self) -> ChangeScope:
        """Which index-based rules can find anything in this change (see `review.scope`)."""
        # lazy: keeps importing this module light
        from orchestrator.review.scope import change_scope

        return change_scope(self.tree, self.root, self.changes, self.base, self.head)

    @cached_property
    def commit_changes(self) -> dict[str, Changes]:
        """Each non-merge commit of the range against its parent, oldest first; none for a
        range of one commit, whose own diff is the change's."""
        if len(self.commits) <= 1:
            return {}
        return read_commit_changes(self.root, self.base, self.head)

    def commit_additions(self) -> list[tuple[str, str, bytes, set[int]]]:
        """(commit, path, content, added lines) for what each commit added that head's own
        diff does not already show (a file whose content at that commit is not head's)."""
        wanted = [
            (sha, path, blob)
            for sha, changes in self.commit_changes.items()
            for path in changes.added
            if (blob := changes.head_blob(path)) and blob != self.changes.head_blob(path)
        ]
        contents = read_blobs(self.root, [blob for _, _, blob in wanted])
        return [
            (sha, path, contents[blob], self.commit_changes[sha].lines(path))
            for sha, path, blob in wanted
            if blob in contents
        ]

    def stop_running(self) -> None:
        """Stop the tools started early that no rule collected (the review failed, or the
        rule was off)."""
        unused = [self.scanner] if self.scanner is not None else []
        for process in [*self.running.values(), *unused]:
            process.kill()
            process.wait()
        self.running.clear()
        self.scanner = None

    def files(self, *suffixes: str) -> list[str]:
        """Changed files present at head with one of `suffixes`, project state excluded."""
        return [
            p
            for p in self.changes.present()
            if p.endswith(suffixes) and not p.startswith(STATE_PREFIX)
        ]

    def added(self, path: str) -> set[int]:
        return self.changes.lines(path)

    def read(self, path: str) -> str:
        return (self.tree / path).read_text(encoding="utf-8", errors="replace")

    def finding(
        self, rule: str, severity: Severity, file: str, line: int, message: str, fix: str
    ) -> Finding:
        owner = self.owner_of(file) if file else None
        return Finding(rule, severity, file, line, message, fix, owner)


def open_context(
    root: Path,
    base_ref: str,
    head_ref: str,
    *,
    config: Config,
    settings: ReviewSettings,
    owner_of: OwnerOf,
    scratch: Path,
    issue: int | None = None,
    run_tests: bool = True,
    scanner: SecretScanner | None = None,
    recorded_tests: RecordedTests | None = None,
) -> ReviewContext:
    base, head = resolve(root, base_ref), resolve(root, head_ref)
    fork_point = merge_base(root, base, head) or base
    return ReviewContext(
        root=root,
        base=fork_point,
        head=head,
        config=config,
        settings=settings,
        owner_of=owner_of,
        scratch=scratch,
        changes=read_changes(root, fork_point, head),
        issue=issue,
        run_tests=run_tests,
        scanner=scanner,
        recorded_tests=recorded_tests,
    )


def scratch_dir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="stackcrew-review-")


def _is_checked_out_clean(root: Path, head: str) -> bool:
    if git(root, "rev-parse", "HEAD").strip() != head:
        return False
    status = git(root, "status", "--porcelain", "-z", "--no-renames", "--untracked-files=no").split(
        "\0"
    )
    return all(entry[3:].startswith(STATE_PREFIX) for entry in status if entry)
