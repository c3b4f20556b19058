"""Ruff runs as the binary installed with stackcrew, not through a second interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from orchestrator.ruff_program import ruff_program


def test_the_binary_beside_the_interpreter_is_used_and_runs():
    argv = ruff_program()
    assert argv == [str(Path(sys.executable).with_name("ruff"))]
    shown = subprocess.run([*argv, "--version"], capture_output=True, text=True, check=True)
    assert shown.stdout.startswith("ruff ")


def test_without_the_binary_a_ruff_folder_where_it_runs_is_not_imported(tmp_path: Path):
    """The fallback `python -m ruff` runs in the files under review: `-m` alone would put
    that folder first on `sys.path`, so a change's own `ruff/__main__.py` would run."""
    bare = tmp_path / "bin"  # an interpreter with no ruff binary beside it
    bare.mkdir()
    (bare / "python3").symlink_to(sys.executable)
    change = tmp_path / "change"
    (change / "ruff").mkdir(parents=True)
    marker = tmp_path / "ran"
    (change / "ruff" / "__init__.py").write_text("")
    (change / "ruff" / "__main__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    site = [p for p in sys.path if p.endswith("site-packages")]
    root = Path(__file__).resolve().parents[2]
    script = (
        "import subprocess, sys; from orchestrator.ruff_program import ruff_program; "
        "argv = ruff_program(); assert argv[0] == sys.executable, argv; "
        "subprocess.run([*argv, '--version'], check=False)"
    )
    subprocess.run(
        [str(bare / "python3"), "-c", script], cwd=change, check=True,
        env={"PYTHONPATH": ":".join([str(root), *site]), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert not marker.exists()
