"""Writers that run in other processes for the concurrency and crash tests.

They live in a module of their own so that `spawn` can import them in a fresh interpreter.
"""

from __future__ import annotations

from multiprocessing.synchronize import Barrier
from pathlib import Path

from project_state.store import ProjectState

# Each status's successor; the four moves are all allowed and come back to the start.
NEXT = {
    "TODO": "IN_PROGRESS",
    "IN_PROGRESS": "IN_REVIEW",
    "IN_REVIEW": "BLOCKED",
    "BLOCKED": "TODO",
}


def move_along(state: ProjectState, task_id: str, status: str, run_id: str) -> str:
    """Move `task_id` from `status` to the next status; return the new one."""
    target = NEXT[status]
    reason = "waiting on another task" if target == "BLOCKED" else None
    state.move_task(task_id, target, reason=reason, run_id=run_id)  # type: ignore[arg-type]
    return target


def transition_many(root: str, task_id: str, count: int, run_id: str, start: Barrier) -> None:
    """Make `count` transitions of `task_id`, starting together with the other workers; the
    snapshot is rewritten every few events, by whichever worker's change makes it due."""
    state = ProjectState(Path(root), lock_timeout=120, snapshot_every=5)
    status = state.task(task_id).status
    start.wait()
    for _ in range(count):
        status = move_along(state, task_id, status, run_id)


def write_forever(root: str, task_ids: list[str]) -> None:
    """Change the sprint (and log other events) until killed, writing the snapshot often so
    that kills also fall while it is being replaced."""
    state = ProjectState(Path(root), snapshot_every=3)
    step = 0
    while True:
        task_id = task_ids[step % len(task_ids)]
        if step % 5 == 3:
            state.update_task(task_id, title=f"renamed at step {step}")
        elif step % 7 == 6:
            state.record("usage", task=task_id, data={"step": step})
        else:
            move_along(state, task_id, state.task(task_id).status, run_id="crash-writer")
        step += 1
