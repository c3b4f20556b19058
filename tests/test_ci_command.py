"""CI runs exactly the README's test command, so what CI proves is what a reader runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Run the tests:") :]
    block = re.search(r"```bash\n(.+?)\n```", section, re.DOTALL)
    assert block is not None, "the README shows no test command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == block.group(1).strip()
    assert ci[-1].endswith("-m pytest -q"), "CI must run every test, the slow ones too"
