"""Where the sprint file and the replay of the log disagree, in words a person can act on."""

from __future__ import annotations

from typing import Any

from project_state.sprint_file import SprintFile, Task

MAX_LINES = 20


def describe_drift(found: SprintFile, expected: SprintFile, shown: str) -> list[str]:
    """Differences in content (not `last_seq`) between `found` on disk and `expected` from
    the log, at most `MAX_LINES` of them."""
    lines = _sprint_drift(found, expected, shown) + _task_drift(found, expected, shown)
    if len(lines) > MAX_LINES:
        hidden = len(lines) - MAX_LINES
        lines = [*lines[:MAX_LINES], f"{shown}: … and {hidden} more difference(s)"]
    return lines


def _sprint_drift(found: SprintFile, expected: SprintFile, shown: str) -> list[str]:
    if found.sprint == expected.sprint:
        return []
    return [f"{shown}: sprint is {_brief(found.sprint)} but the log says {_brief(expected.sprint)}"]


def _task_drift(found: SprintFile, expected: SprintFile, shown: str) -> list[str]:
    found_tasks = {task.id: task for task in found.tasks}
    expected_tasks = {task.id: task for task in expected.tasks}
    lines = [
        f"{shown}: task {task_id} is not in the log's sprint"
        for task_id in found_tasks.keys() - expected_tasks.keys()
    ]
    lines += [
        f"{shown}: task {task_id} is missing (the log adds it)"
        for task_id in expected_tasks.keys() - found_tasks.keys()
    ]
    for task_id, task in found_tasks.items():
        if task_id in expected_tasks and task != expected_tasks[task_id]:
            lines += _field_drift(task, expected_tasks[task_id], shown)
    if not lines and found.tasks != expected.tasks:
        lines.append(f"{shown}: the tasks are in a different order than the log adds them")
    return sorted(lines)


def _field_drift(found: Task, expected: Task, shown: str) -> list[str]:
    has, wants = found.model_dump(mode="json"), expected.model_dump(mode="json")
    return [
        f"{shown}: {found.id}.{key} is {has[key]!r} but the log says {wants[key]!r}"
        for key in has
        if has[key] != wants[key]
    ]


def _brief(value: Any) -> str:
    if value is None:
        return "none"
    return repr(value.model_dump(mode="json"))
