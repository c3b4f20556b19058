"""A writer killed with SIGKILL at random moments never leaves a broken or mixed state."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time

import pytest
import state_workers

from project_state.atomic import TEMP_SUFFIX
from project_state.projection import replay
from project_state.store import ProjectState

KILLS = 200


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_leaves_old_or_new_state(
    sprinting: ProjectState,
) -> None:
    tasks = ["TASK-001"] + [
        sprinting.add_task(issue=1, agent="qa", title=f"t{n}", suffix=f"t{n}").id for n in range(4)
    ]
    seed = int.from_bytes(os.urandom(4), "big")
    pause = random.Random(seed)
    context = multiprocessing.get_context("fork")
    root = str(sprinting.paths.root)
    for kill in range(KILLS):
        writer = context.Process(target=state_workers.write_forever, args=(root, tasks))
        writer.start()
        time.sleep(pause.uniform(0.001, 0.030))
        os.kill(writer.pid, signal.SIGKILL)  # type: ignore[arg-type]
        writer.join()
        where = f"after kill {kill + 1} (seed {seed})"
        check_after_crash(ProjectState(sprinting.paths.root), where)
    assert not list(sprinting.dir.glob(f"*{TEMP_SUFFIX}"))


def check_after_crash(state: ProjectState, where: str) -> None:
    """Both files parse; the snapshot is the replay of a prefix of the log, the sprint as
    read is the replay of the whole log (nothing lost, nothing applied twice), and one
    roll-forward brings the snapshot up to the end. How far the writer got before each
    kill depends on the machine, so it is not asserted."""
    state.project()
    events = state.events().events
    snapshot = state.snapshot()
    applied = [event for event in events if event.seq <= snapshot.last_seq]
    assert snapshot == replay(applied), where
    whole = replay(events)  # once: the replay of the growing log is most of this test's time
    assert state.sprint() == whole, where
    assert len({event.id for event in events}) == len(events), where
    assert state.check() == [], where
    assert state.roll_forward() == whole, where
    assert state.snapshot() == whole, where
