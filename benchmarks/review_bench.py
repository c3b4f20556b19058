"""How much the QA gate costs over its two external tools, on a 5,000-line diff.

    python benchmarks/review_bench.py                 # 5,000 added lines, 3 runs each
    python benchmarks/review_bench.py --lines 20000 --runs 5

It copies the blog example to a temporary repository, adds `--lines` lines of generated
Python (services, one router, their tests) on a branch, commits, and then times, in the
same process and on the same files:

1. the whole review of ``main..branch`` without the test run (`review_change(...,
   run_tests=False)`): git diff, ruff, detect-secrets, the syntax-tree rules, the static
   index at head and base, the contract comparison;
2. ruff alone (the same subprocess and flags the gate runs) plus the detect-secrets scan of
   the same files: the floor any gate built on these tools pays.

Goal: (1) ≤ 2 × (2). The best of `--runs` runs of each is printed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orchestrator.project import open_project
from orchestrator.review.gate import review_change
from orchestrator.review.settings import ReviewSettings
from orchestrator.scaffold import create_example

FUNCTION = '''

async def {name}(db: AsyncSession, limit: int = {n}) -> list[int]:
    """Ids of the first `limit` users, {n}."""
    result = await db.execute(select(User.id).limit(limit))
    return [row for row in result.scalars()]
'''
HEADER = '"""Generated service {i}."""\n\nfrom sqlalchemy import select\nfrom sqlalchemy.ext.asyncio import AsyncSession\n\nfrom app.models.user import User\n'
TEST = "\n\ndef test_{name}() -> None:\n    assert {n} + 1 == {m}\n"


def generate(root: Path, lines: int) -> list[str]:
    """Write about `lines` lines of services and tests; return the paths written."""
    written, total, i = [], 0, 0
    while total < lines:
        path = f"backend/app/services/generated_{i}.py"
        body = HEADER.format(i=i) + "".join(
            FUNCTION.format(name=f"ids_{i}_{n}", n=n) for n in range(30)
        )
        test = "".join(TEST.format(name=f"ids_{i}_{n}", n=n, m=n + 1) for n in range(10))
        (root / path).write_text(body)
        (root / f"backend/tests/test_generated_{i}.py").write_text(test.lstrip("\n"))
        written += [path, f"backend/tests/test_generated_{i}.py"]
        total += body.count("\n") + test.count("\n")
        i += 1
    return written


def commit(root: Path, message: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", f"{message}\n\nAgent: fastapi"], cwd=root, check=True)


def tools_alone(root: Path, files: list[str]) -> None:
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    settings = ReviewSettings()
    argv = [sys.executable, "-m", "ruff", "check", "--output-format", "json", "--no-cache",
            "--exit-zero", "--no-fix", "--select", ",".join(settings.ruff_select),
            "--ignore", ",".join(settings.ruff_ignore), "--", *files]  # fmt: skip
    subprocess.run(argv, cwd=root, capture_output=True, check=True)
    with default_settings():
        for path in files:
            list(scan_file(str(root / path)))


def best_of(runs: int, action: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "blog"
        create_example("blog", root)
        subprocess.run(["git", "checkout", "-qb", "bench"], cwd=root, check=True)
        files = generate(root, args.lines)
        commit(root, "feat: generated services #45")
        added = subprocess.run(["git", "diff", "--numstat", "main..bench"], cwd=root,
                               capture_output=True, text=True, check=True).stdout  # fmt: skip
        count = sum(int(line.split()[0]) for line in added.splitlines())
        project = open_project(root)
        report = review_change(project, "main", "bench", run_tests=False)
        gate = best_of(args.runs, lambda: review_change(project, "main", "bench", run_tests=False))
        floor = best_of(args.runs, lambda: tools_alone(root, files))
    ratio = gate / floor
    print(f"diff: {count} added lines in {len(files)} files; verdict {report.verdict}, "
          f"{len(report.findings)} findings")  # fmt: skip
    print(f"review without tests : {gate * 1000:8.0f} ms")
    print(f"ruff + detect-secrets: {floor * 1000:8.0f} ms")
    print(
        f"ratio                : {ratio:8.2f}x  (goal <= 2x: {'met' if ratio <= 2 else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
