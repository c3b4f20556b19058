"""The measuring helpers the benchmarks share: bounded, alternating, summed steps."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from measure import Overran, alternating, child_env, run_child, run_steps, tree_memory_kib

PYTHON = sys.executable


@pytest.mark.parametrize("sample_memory", [False, True])
def test_a_child_past_its_deadline_is_killed_and_reported(sample_memory: bool) -> None:
    with pytest.raises(Overran, match="ran too long"):
        run_child([PYTHON, "-c", "import time; time.sleep(60)"], 0.5, sample_memory=sample_memory)


@pytest.mark.parametrize("sample_memory", [False, True])
def test_a_child_reports_its_code_output_and_memory(sample_memory: bool) -> None:
    code = "import sys; print('out'); sys.exit(3)"
    child = run_child([PYTHON, "-c", code], 60, sample_memory=sample_memory)
    assert (child.code, child.stdout) == (3, "out\n")
    assert child.peak_kib > 0


def test_a_sampled_run_adds_up_processes_running_at_once() -> None:
    """A timed run knows the largest single process (``wait4``); a sampled run sees the
    tree: two forked children holding 100 MiB each at the same time."""
    two = (
        "import os, time\n"
        "for _ in range(2):\n"
        "    if os.fork() == 0:\n"
        "        block = bytearray(100 * 2**20); block[::4096] = b'x' * len(block[::4096])\n"
        "        time.sleep(1); os._exit(0)\n"
        "os.wait(); os.wait()\n"
    )
    timed = run_child([PYTHON, "-c", two], 60)
    sampled = run_child([PYTHON, "-c", two], 60, sample_memory=True)
    assert timed.peak_kib > 90 * 1024
    assert sampled.peak_kib > 190 * 1024


def test_steps_run_in_order_and_stop_at_the_first_failure() -> None:
    done = run_steps([[PYTHON, "-c", "print(1)"], [PYTHON, "-c", "print(2)"]], 60)
    assert (done.code, done.stdout) == (0, "1\n2\n")
    failed = run_steps([[PYTHON, "-c", "raise SystemExit(4)"], [PYTHON, "-c", "print(2)"]], 60)
    assert (failed.code, failed.stdout) == (4, "")


def test_commands_alternate_their_order_every_round(tmp_path: Path) -> None:
    order = tmp_path / "order"
    record = "import sys; open(sys.argv[1], 'a').write(sys.argv[2])"
    commands = {name: [PYTHON, "-c", record, str(order), name] for name in ("a", "b")}
    results = alternating(commands, 4, 60)
    assert order.read_text() == "abbaabba"
    assert [len(runs) for runs in results.values()] == [4, 4]


def test_a_command_exiting_with_an_unexpected_code_stops_the_benchmark() -> None:
    with pytest.raises(SystemExit, match="exited 2"):
        alternating({"bad": [PYTHON, "-c", "raise SystemExit(2)"]}, 1, 60)


def test_children_may_write_bytecode_and_the_tree_of_a_gone_process_is_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    assert "PYTHONDONTWRITEBYTECODE" not in child_env()
    assert tree_memory_kib(2**22 + 12345) == 0
