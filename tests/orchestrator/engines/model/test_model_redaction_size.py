"""A model reads a file with one long line: the run still ends, redaction is not quadratic.

A seed file with a bytea literal is a single line of tens of thousands of hex digits;
read_file hands it over whole (up to its 60 000-character limit) and the redaction pass
runs on it before it enters the conversation, the transcript and the saved state. The run
goes through the installed `orchestrate` in a subprocess so that a pass that backtracks
for minutes ends the test at a bound (`BOUND_SECONDS`, far above a normal run of seconds)
instead of hanging the suite. This bound is a guard against a hang, not a measurement.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess

import pytest
from model_engine_helpers import git

from orchestrator.engines.model.scripted import tool_use

# A hang bound, not a speed goal: the backtracking it guards against runs for hours, and
# a machine loaded by other work can take many times the 5 s an idle one needs.
BOUND_SECONDS = 240
SEED = "backend/seeds/avatars.sql"


def test_a_run_that_reads_a_long_bytea_literal_ends(blog, fake_api):
    png = b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(700)).hex()[:40_000]
    (blog / SEED).parent.mkdir()
    (blog / SEED).write_text(f"INSERT INTO avatars (id, png) VALUES (1, '\\x{png}');\n")
    git(blog, "add", "-A")
    git(blog, "commit", "-qm", "avatar seed")
    fake_api.add(tool_use("read_file", {"path": SEED}), tool_use("finish", {"summary": "read"}))
    argv = [shutil.which("orchestrate") or "orchestrate", "direct", "fastapi", "read the seed",
            "--json", "--project", str(blog)]  # fmt: skip
    try:
        done = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=BOUND_SECONDS,
                              env=dict(os.environ))  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"`orchestrate direct` still ran after {BOUND_SECONDS} s on one long line")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["run_id"] and len(fake_api.requests) == 2
