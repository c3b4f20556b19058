"""Folding task logs written elsewhere into this one: `orchestrate state merge FILE…`.

Every event carries an id unique across machines, so a log copied from another clone (a
CI job, a colleague's checkout) holds this log's events under the same ids plus its own.
Merging appends the events this log lacks, file by file and in each file's order, with
the next local `seq`s and their ids kept; an event already here (by id) is skipped, so
merging a file twice changes nothing.

A conflict is the same task moved two ways: for each task (and the sprint itself), the
events that change it, in order, must be the same in the file and in the log up to where
one of them ends. When neither extends the other, nothing is written and every such task
is reported. Otherwise the whole log is replaced atomically (the old bytes, then the new
lines) and the sprint file is rebuilt from it. The caller holds the state lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from project_state.atomic import write_atomic
from project_state.errors import ProjectionError, StateFileError
from project_state.paths import StatePaths
from project_state.projection import PROJECTION_EVENTS, replay
from project_state.sprint_file import SprintEncoder, SprintFile, save_sprint
from project_state.task_log import Event, TaskLog

SPRINT_KEY = "(the sprint)"
MERGE_HINT = "copy the file again once the process that wrote it has finished"


@dataclass
class MergeReport:
    files: list[str]
    added: int = 0
    known: int = 0  # events of the files the log already had
    conflicts: list[str] = field(default_factory=list)
    sprint: SprintFile | None = None  # the rebuilt sprint, when something was added


def merge_event_files(paths: StatePaths, log: TaskLog, files: Sequence[Path]) -> MergeReport:
    """Fold `files` into `log` and rebuild the sprint file; nothing is written on a conflict.
    Call with the state lock held."""
    incoming = [(str(path), read_event_file(path)) for path in files]
    last_seq = log.prepare_append()  # cuts a torn tail of our own log, as every writer does
    local = log.read().events
    report = MergeReport(files=[name for name, _ in incoming])
    new, report.conflicts = events_to_add(local, incoming)
    report.known = sum(len(events) for _, events in incoming) - len(new)
    if report.conflicts or not new:
        return report
    stamped = [e.model_copy(update={"v": 2, "seq": last_seq + i}) for i, e in enumerate(new, 1)]
    state = _replayed(local + stamped, log.shown)
    data = paths.log.read_bytes() + b"".join(e.model_dump_json().encode() + b"\n" for e in stamped)
    write_atomic(paths.log, data)
    save_sprint(paths.sprint, state, SprintEncoder())
    report.added, report.sprint = len(stamped), state
    return report


def events_to_add(
    local: Sequence[Event], incoming: Iterable[tuple[str, Sequence[Event]]]
) -> tuple[list[Event], list[str]]:
    """The events of `incoming` that `local` lacks, in order, and the conflicts."""
    seen = {event.id for event in local}
    moves = _moves_by_key(local)
    new: list[Event] = []
    conflicts: list[str] = []
    for name, events in incoming:
        for key, ids in _moves_by_key(events).items():
            mine = moves.setdefault(key, [])
            if ids[: len(mine)] != mine[: len(ids)]:
                conflicts.append(_conflict(name, key, mine, ids))
            elif len(ids) > len(mine):
                mine += ids[len(mine) :]
        for event in events:
            if event.id not in seen:
                seen.add(event.id)
                new.append(event)
    return new, conflicts


def read_event_file(path: Path) -> list[Event]:
    """Every event of a task-log file; a torn last line is refused (the file is not whole)."""
    if not path.is_file():
        raise StateFileError(
            str(path), "no such file", hint="name task-log.jsonl files of other clones"
        )
    read = TaskLog(path, str(path), path.with_name(path.name + ".torn")).read()
    if read.torn is not None:
        raise StateFileError(
            str(path), f"the last line is torn ({read.torn.size} bytes without a newline)",
            line=read.torn.line, hint=MERGE_HINT,
        )  # fmt: skip
    return read.events


def _moves_by_key(events: Iterable[Event]) -> dict[str, list[str]]:
    """The ids of the events that change each task (or the sprint), in order."""
    moves: dict[str, list[str]] = {}
    for event in events:
        if event.event in PROJECTION_EVENTS:
            moves.setdefault(event.task or SPRINT_KEY, []).append(event.id)
    return moves


def _conflict(name: str, key: str, mine: list[str], theirs: list[str]) -> str:
    at = next(i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b)
    return (
        f"{name}: {key} was moved two ways: after {at} common change(s) the log has event "
        f"{mine[at]!r} and the file has {theirs[at]!r}"
    )


def _replayed(events: list[Event], shown: str) -> SprintFile:
    try:
        return replay(events)
    except ProjectionError as exc:
        raise StateFileError(
            shown, f"after merging, {exc.message}; nothing was written",
            hint="merge the file that adds the task first",
        ) from exc  # fmt: skip
