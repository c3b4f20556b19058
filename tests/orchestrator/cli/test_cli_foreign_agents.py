"""`agents` is also another package's import name: the console scripts say so and stop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(sys.executable).parent


@pytest.mark.parametrize("script", ["orchestrate", "agent"])
def test_a_foreign_agents_package_stops_the_cli_with_the_remedy(tmp_path: Path, script: str):
    foreign = tmp_path / "site" / "agents"
    foreign.mkdir(parents=True)
    (foreign / "__init__.py").write_text('"""Some other agents SDK."""\n', encoding="utf-8")
    env = os.environ | {"PYTHONPATH": str(tmp_path / "site")}
    done = subprocess.run(
        [str(SCRIPTS / script), "--help"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert str(foreign / "__init__.py") in done.stderr
    assert "pipx install" in done.stderr and "Traceback" not in done.stderr


def test_stackcrews_own_agents_package_runs(tmp_path: Path):
    done = subprocess.run(
        [str(SCRIPTS / "orchestrate"), "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
