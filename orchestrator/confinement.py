"""Running code an agent may have written (tests, allowed commands) where it can do least harm.

Where the platform allows it (Linux, `unshare` and `setpriv` on PATH, enough privilege
to make a mount namespace), the command runs in its own mount namespace in which every
mount is read-only except the repository's working tree and a fresh scratch folder
(its `TMPDIR`); inside the repository, `.git/` and `project_state/` are read-only too.
The command then runs with an empty capability bounding set and `no_new_privs`, so it
cannot remount anything. Elsewhere the command runs as is, and only the repository
check after it (`orchestrator.tree_guard`) stands between it and the files.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

READ_ONLY_INSIDE = (".git", "project_state")
SETUP = r"""
set -e
repo="$1"; scratch="$2"; shift 2
awk '{print $2}' /proc/self/mounts | sort -u | while read -r point; do
  mount -o remount,bind,ro "$point" 2>/dev/null || true
done
for place in "$repo" "$scratch"; do
  mount --bind "$place" "$place"; mount -o remount,bind,rw "$place"
done
for name in {inside}; do
  if [ -d "$repo/$name" ] && [ ! -L "$repo/$name" ]; then
    mount --bind "$repo/$name" "$repo/$name"; mount -o remount,bind,ro "$repo/$name"
  fi
done
exec setpriv --bounding-set=-all --inh-caps=-all --no-new-privs -- "$@"
""".replace("{inside}", " ".join(READ_ONLY_INSIDE))
DROP = ["unshare", "--mount", "--propagation", "private", "sh", "-c", SETUP, "sh"]


@functools.cache
def confinement_available() -> bool:
    """True when a read-only mount namespace can be made here (checked once)."""
    if not (shutil.which("unshare") and shutil.which("setpriv")):
        return False
    with tempfile.TemporaryDirectory() as place:
        probe = [*DROP, place, place, "true"]
        try:
            done = subprocess.run(probe, capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
    return done.returncode == 0


# stackcrew's own credentials and the Actions runner's: never in the environment of code
# it runs for a change (its tests, an agent's commands), which could use or leak them.
CREDENTIALS = (
    "GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
    "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
    "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL",
)  # fmt: skip


def run_confined(
    argv: list[str],
    *,
    cwd: Path,
    repo: Path,
    timeout: float,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `argv` (no shell) in `cwd`, confined when possible; raises like `subprocess.run`."""
    with tempfile.TemporaryDirectory(prefix="stackcrew-run-") as scratch:
        # read the bytecode already compiled beside installed packages, write none
        # (a redirected pycache would recompile every import, seconds per run)
        env = {**os.environ, "TMPDIR": scratch, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTHONPYCACHEPREFIX", None)
        for name in CREDENTIALS:  # the code it runs is under review: it gets none of ours
            env.pop(name, None)
        env.update(extra_env or {})
        full = [*DROP, str(repo.resolve()), scratch, *argv] if confinement_available() else argv
        if full is not argv and shutil.which(argv[0], path=env.get("PATH")) is None:
            raise FileNotFoundError(argv[0])
        return subprocess.run(
            full, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
