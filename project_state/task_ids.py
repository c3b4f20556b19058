"""Task ids (`TASK-045`, `TASK-045-database`) and sprint ids (`SPRINT-3`): plain functions,
cheap to import."""

from __future__ import annotations

import re

from project_state.errors import StackcrewError

SUFFIX = r"[a-z][a-z0-9_-]{0,39}"
TASK_ID = rf"^TASK-(\d{{3,}}(-{SUFFIX})?|{SUFFIX})$"


def task_id_for(issue: int | None, suffix: str | None = None) -> str:
    """``45`` → ``TASK-045``; ``(45, "database")`` → ``TASK-045-database``; ``1234`` →
    ``TASK-1234``; a task without an issue is ``TASK-<suffix>``."""
    if suffix is not None and not _is_suffix(suffix):
        raise StackcrewError(
            f"task suffix {suffix!r} is not usable in a task id",
            hint="use lowercase letters, digits, '-' or '_', starting with a letter",
        )
    if issue is None:
        if suffix is None:
            raise StackcrewError("a task without an issue needs a suffix to name it")
        return f"TASK-{suffix}"
    if issue < 1:
        raise StackcrewError(f"issue numbers start at 1, got {issue!r}")
    base = f"TASK-{issue:03d}"
    return base if suffix is None else f"{base}-{suffix}"


def _is_suffix(text: str) -> bool:
    return re.fullmatch(SUFFIX, text) is not None


__all__ = ["SUFFIX", "TASK_ID", "task_id_for"]


def next_sprint_id(used: set[str]) -> str:
    """`SPRINT-<n>` after the highest numbered id in `used` (named sprints do not count)."""
    numbers = [int(i.removeprefix("SPRINT-")) for i in used if _is_numbered_sprint(i)]
    return f"SPRINT-{max(numbers, default=0) + 1}"


def _is_numbered_sprint(sprint_id: str) -> bool:
    return sprint_id.startswith("SPRINT-") and sprint_id.removeprefix("SPRINT-").isdigit()


def nearby_task_ids(wanted: str, ids: list[str]) -> list[str]:
    """Ids like `wanted` (a typo of it, or a task of the same issue): what a person who
    named a missing task probably meant."""
    import difflib  # lazy: only a missing task needs it

    close = difflib.get_close_matches(wanted, ids, n=5, cutoff=0.6)
    stem = wanted.split("-")[:2]
    same_issue = [task_id for task_id in ids if task_id.split("-")[:2] == stem]
    return list(dict.fromkeys([*close, *same_issue]))[:8]
