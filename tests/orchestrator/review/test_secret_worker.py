"""The secrets worker finds what a scan in this process finds, whatever becomes of it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
from review_repo import ReviewRepo

from orchestrator.review.secret_scan import ScanJob, git_lines, scan_lines, scanning
from orchestrator.review.secret_serve import PARALLEL_LINES
from orchestrator.review.secret_worker import SecretScanner, started_scanner

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the worker is forked on Linux")
LINES = [
    'AWS_KEY = "AKIAIOSFODNN7EXAMPLE"',
    'signing_key = "8f6413429ea5e636f74a229b02f43dc4b05b4f19"',
    'token = "9a6413429ea5e636f74a229b02f43dc4b05b4f19"  # pragma: allowlist secret',
    'revision = "1b73ab8df841"',
    'DATABASE_URL = "postgresql://app:k9Xq2mVp7@db/app"',
    "value = compute(1)",
]


def _jobs(files: int, lines_each: int) -> list[ScanJob]:
    """Files mixing secrets, an allowlisted one and an Alembic id with plain lines; odd
    files are scanned whole, even ones on every third line only."""
    jobs: list[ScanJob] = []
    for f in range(files):
        text = "\n".join(LINES[(f + n) % len(LINES)] for n in range(lines_each)) + "\n"
        lines = git_lines(text)
        wanted = None if f % 2 else set(range(1, lines_each + 1, 3))
        jobs.append((lines, f"app/keys_{f}.py", wanted))
    return jobs


def _scanned_here(jobs: list[ScanJob]) -> list[list[object]]:
    with scanning():
        return [scan_lines(*job) for job in jobs]


def _through_a_worker(jobs: list[ScanJob]) -> list[list[object]]:
    scanner = SecretScanner.start()
    scanner.submit(jobs)
    return scanner.hits()  # type: ignore[return-value]


def test_the_worker_finds_what_a_scan_here_finds():
    jobs = _jobs(files=3, lines_each=12)
    expected = _scanned_here(jobs)
    assert any(expected) and any(hit.allowlisted for hits in expected for hit in hits)
    assert _through_a_worker(jobs) == expected


def test_many_lines_shared_with_helpers_come_back_in_the_jobs_order():
    jobs = _jobs(files=40, lines_each=PARALLEL_LINES // 10)
    assert sum(len(lines) for lines, _, _ in jobs) > PARALLEL_LINES
    assert _through_a_worker(jobs) == _scanned_here(jobs)


def test_no_jobs_no_hits():
    assert _through_a_worker([]) == []


@linux_only
def test_a_worker_that_died_before_its_jobs_came_is_replaced_by_a_scan_here():
    jobs = _jobs(files=2, lines_each=12)
    scanner = SecretScanner.start()
    assert scanner.pid is not None
    os.kill(scanner.pid, signal.SIGKILL)
    os.waitid(os.P_PID, scanner.pid, os.WEXITED | os.WNOWAIT)  # dead, not yet reaped
    scanner.submit(jobs)
    assert scanner.hits() == _scanned_here(jobs)


@linux_only
def test_a_worker_killed_while_it_scans_is_replaced_by_a_scan_here():
    jobs = _jobs(files=20, lines_each=60)
    scanner = SecretScanner.start()
    scanner.submit(jobs)
    assert scanner.pid is not None
    os.kill(scanner.pid, signal.SIGKILL)
    assert scanner.hits() == _scanned_here(jobs)


@linux_only
def test_a_worker_never_given_jobs_is_reaped_on_leaving():
    with started_scanner() as scanner:
        pid = scanner.pid
        assert pid is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_the_ci_review_finds_a_secret_with_detect_secrets_loaded_in_its_worker_only(
    repo: ReviewRepo,
):
    repo.change(
        {"app/settings.py": 'AWS_KEY = "AKIAIOSFODNN7EXAMPLE"\n', "tests/test_x.py": "x = 1\n"}
    )
    probe = (
        "import sys\n"
        "from orchestrator.cli.main import run_orchestrate\n"
        f"sys.argv = ['orchestrate', 'review', '--base', {repo.base!r}, '--no-tests',"
        f" '-f', 'json', '-C', {str(repo.root)!r}]\n"
        "try:\n"
        "    run_orchestrate()\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "print('\\nloaded here:', 'detect_secrets' in sys.modules, 'exit:', code)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    report, last = done.stdout.rsplit("\n", 2)[0], done.stdout.strip().splitlines()[-1]
    assert last == f"loaded here: {sys.platform != 'linux'} exit: 3", done.stderr
    secret = [f for f in json.loads(report)["findings"] if f["rule"] == "QA-SECRET"]
    assert [(f["file"], f["line"]) for f in secret] == [("app/settings.py", 1)]
