"""What a board needs of a big sprint file's tasks, kept beside it so that `sprint status`
need not read them all.

Whenever stackcrew writes `current-sprint.json` it also writes
``.stackcrew-cache/board/summary.json``: each status's count, every task's id in file order,
and the positions of the `DEPTH` most recently changed tasks of each status. The summary
names the file's content by its SHA-256, and a board trusts it for exactly those bytes
only: a file changed any other way (by hand, by git) is read the longer way, task by task,
as before. A missing, unreadable or foreign summary is only a slower read.

`DEPTH` covers the tasks a board shows plus those one snapshot interval of log events can
touch (`project_state.board` says why that suffices); a longer gap reads every task.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError, model_validator

from project_state.atomic import write_atomic
from project_state.cache_folder import CACHE_ROOT
from project_state.cache_trust import cache_trusted, content_dir
from project_state.errors import Refusal
from project_state.sprint_file import TASK_STATUSES, TaskStatus
from project_state.strict_model import StrictModel

DEPTH = 320  # ≥ a board's shown tasks + the ledger's SNAPSHOT_EVERY (tested)
SUMMARY_PARTS = ("board", "summary.json")


class BoardSummary(StrictModel):
    key: str  # the SHA-256 of the sprint file's bytes, in hex
    counts: dict[TaskStatus, int]
    ids: list[str]
    ranked: dict[TaskStatus, list[int]]  # positions, oldest change first; the newest `DEPTH`

    @model_validator(mode="after")
    def _consistent(self) -> BoardSummary:
        """Whole and in range, so that a damaged summary is no summary (the heads are read)."""
        every = set(TASK_STATUSES)
        if set(self.counts) != every or set(self.ranked) != every:
            raise ValueError("every status needs a count and a ranking")
        if sum(self.counts.values()) != len(self.ids):
            raise ValueError("the counts do not add up to the tasks")
        for status, ranked in self.ranked.items():
            if len(ranked) > self.counts[status] or not all(0 <= n < len(self.ids) for n in ranked):
                raise ValueError(f"the {status} ranking names tasks the file does not hold")
        return self

    def newest(self, count: int) -> set[int] | None:
        """Positions of the `count` most recently changed tasks of each status (of equal
        times, the later in the file); None when the summary does not go that deep."""
        chosen: set[int] = set()
        for status, ranked in self.ranked.items():
            if count > len(ranked) and len(ranked) < self.counts.get(status, 0):
                return None
            chosen.update(ranked[-count:] if count else ())
        return chosen


def content_key(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def summarize(key: str, tasks: Iterable[tuple[str, TaskStatus, datetime]]) -> BoardSummary:
    """The summary of the tasks, given as (id, status, updated_at) in file order, of the
    sprint file whose content has `key`."""
    ids: list[str] = []
    by_status: dict[TaskStatus, list[tuple[datetime, int]]] = {s: [] for s in TASK_STATUSES}
    for position, (task_id, status, updated_at) in enumerate(tasks):
        ids.append(task_id)
        by_status[status].append((updated_at, position))
    ranked = {
        status: [position for _, position in sorted(found)[-DEPTH:]]
        for status, found in by_status.items()
    }
    counts = {status: len(found) for status, found in by_status.items()}
    return BoardSummary.model_construct(key=key, counts=counts, ids=ids, ranked=ranked)


def save_summary(repo_root: Path, summary: BoardSummary) -> None:
    """Write the summary; a cache, so a folder that cannot take it is no error."""
    try:
        path = content_dir(repo_root, SUMMARY_PARTS[0]) / SUMMARY_PARTS[1]
        write_atomic(path, summary.model_dump_json().encode(), durable=False)
    except (OSError, Refusal):
        pass


def read_summary(repo_root: Path, key: str) -> BoardSummary | None:
    """The summary of the sprint file whose content has `key`, if one was written."""
    if not cache_trusted(repo_root):
        return None
    try:
        raw = repo_root.joinpath(CACHE_ROOT, *SUMMARY_PARTS).read_bytes()
        summary = BoardSummary.model_validate_json(raw)
    except (OSError, ValidationError):
        return None
    return summary if summary.key == key else None
