"""What one run of the project's test command said: passed, which tests failed, or that it
could not run at all.

The gate reads pytest's short summary (`FAILED id - ...`, `ERROR id - ...`, on by
default) for the failing tests. Other test commands give no ids; their runs still
compare by whether they passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TAIL_CHARS = 1500
SUMMARY_LINE = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)
# Signs that the command never reached the project's tests: pytest's usage and no-tests
# exits, a shell's "cannot execute" and "not found", a missing module or a conftest that
# does not import.
CANNOT_RUN_CODES = frozenset({4, 5, 126, 127})
CANNOT_RUN_TEXT = re.compile(
    r"No module named [\w.'\"]+|ImportError while loading conftest[^\n]*|command not found"
)


@dataclass(frozen=True)
class TestRun:
    """One run: `returncode` None when the command did not start or ran out of time."""

    __test__ = False  # a name pytest would otherwise collect where this is imported
    returncode: int | None
    output: str
    problem: str | None = None  # why it did not start or did not finish
    timed_out: bool = False
    failed: frozenset[str] = field(default_factory=frozenset)

    @property
    def passed(self) -> bool:
        return self.returncode == 0

    @property
    def tail(self) -> str:
        return self.output.strip()[-TAIL_CHARS:]

    def cannot_run_sign(self) -> str | None:
        """The words that say this run never reached the tests, if it shows any."""
        if self.problem is not None:
            return self.problem
        found = CANNOT_RUN_TEXT.search(self.output)
        if found:
            return found.group(0)
        if self.returncode in CANNOT_RUN_CODES:
            return f"exit status {self.returncode}"
        return None


def finished(returncode: int, stdout: str, stderr: str) -> TestRun:
    output = stdout + stderr
    return TestRun(returncode, output, failed=frozenset(SUMMARY_LINE.findall(output)))


def not_started(problem: str) -> TestRun:
    return TestRun(None, "", problem=problem)


def timed_out(seconds: int) -> TestRun:
    return TestRun(None, "", problem=f"ran over {seconds} s and was stopped", timed_out=True)
