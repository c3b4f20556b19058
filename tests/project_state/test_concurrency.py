"""Eight processes changing one sprint at once lose no update."""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
import state_workers

from project_state.projection import replay
from project_state.store import ProjectState

PROCESSES = 8
TRANSITIONS = 100  # 800 contended moves: three snapshots (every 256) happen under contention
CYCLE = ["IN_PROGRESS", "IN_REVIEW", "BLOCKED", "TODO"]


@pytest.mark.slow
def test_parallel_writers_lose_no_update(sprinting: ProjectState) -> None:
    tasks = [
        sprinting.add_task(issue=1, agent="fastapi", title=f"w{n}", suffix=f"w{n}").id
        for n in range(PROCESSES)
    ]
    for n in range(40):  # some bystanders, so the sprint file is not trivially small
        sprinting.add_task(issue=None, agent="qa", title=f"bystander {n}", suffix=f"b{n}")
    first_seq = sprinting.sprint().last_seq

    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    workers = [
        context.Process(
            target=state_workers.transition_many,
            args=(str(sprinting.paths.root), task_id, TRANSITIONS, f"proc-{n}", start),
        )
        for n, task_id in enumerate(tasks)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()  # a hang is stopped, with every stack, by the suite's timeout
    assert [worker.exitcode for worker in workers] == [0] * PROCESSES

    fresh = ProjectState(sprinting.paths.root)
    read = fresh.events()
    assert read.torn is None
    events = read.events
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    moves = Counter(event.run_id for event in events[first_seq:] if event.event == "task_status")
    assert moves == {f"proc-{n}": TRANSITIONS for n in range(PROCESSES)}
    assert len(events) == first_seq + PROCESSES * TRANSITIONS
    assert len({event.id for event in events}) == len(events)
    writers = {event.id.rsplit("-", 1)[0] for event in events[first_seq:]}
    assert len(writers) == PROCESSES

    sprint = fresh.sprint()
    assert sprint.last_seq == events[-1].seq
    assert sprint == replay(events)
    snapshot = fresh.snapshot()
    assert first_seq < snapshot.last_seq
    assert snapshot == replay(event for event in events if event.seq <= snapshot.last_seq)
    expected = CYCLE[(TRANSITIONS - 1) % len(CYCLE)]
    assert {fresh.task(task_id).status for task_id in tasks} == {expected}
    assert fresh.project().next_issue == 2
    assert fresh.check() == []
