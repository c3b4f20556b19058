"""`benchmarks/index_bench.py` and its baseline on small projects: the same files on both
sides, a verdict for every goal, the repository it is given left as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bench_runner import BENCHMARKS, verdicts
from index_bench import generate

ORCHESTRATE = str(Path(sys.executable).with_name("orchestrate"))


def odd_files(root: Path) -> None:
    """One file of every kind the index reads, one it skips, and a folder it never enters."""
    (root / "docker-compose.yml").write_text("services:\n  api:\n    image: app\n")
    (root / ".env.example").write_text("DATABASE_URL=\n")
    (root / "frontend" / "Card.vue").write_text(
        '<script setup lang="ts">\nconst a: number = 1\n</script>\n'
    )
    (root / "frontend" / "view.tsx").write_text("export const V = () => <div/>\n")
    (root / "app" / "broken.py").write_text("def (:\n")
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / "node_modules" / "x" / "index.ts").write_text("export const x = 1\n")


def test_the_baseline_parses_the_files_the_index_reads(tmp_path: Path) -> None:
    generate(tmp_path, 0.005)
    odd_files(tmp_path)
    plain = subprocess.run([sys.executable, str(BENCHMARKS / "plain_parse.py"), str(tmp_path)],
                           capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    built = subprocess.run([ORCHESTRATE, "index", "--json", "--project", str(tmp_path)],
                           capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    stats = json.loads(built.stdout)
    assert [s["file"] for s in stats["skipped"]] == ["app/broken.py"]
    assert int(plain.stdout) == stats["files"] - len(stats["skipped"])


@pytest.mark.slow
def test_every_goal_gets_a_verdict_and_the_repository_is_not_written(
    run_bench, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    generate(repo, 0.005)
    done = run_bench("index_bench.py", "--repo", repo, "--runs", "1")
    assert done.returncode == 0, done.stderr
    assert len(verdicts(done.stdout)) == 6, done.stdout  # a consult first asked and asked again
    assert "of 6 goals met" in done.stdout
    assert not (repo / ".stackcrew-cache").exists()


@pytest.mark.slow
def test_on_a_generated_project_the_ratio_to_python_is_shown_without_a_goal(
    run_bench, tmp_path: Path
) -> None:
    done = run_bench(
        "index_bench.py", "--keep", tmp_path / "gen", "--scale", "0.005", "--runs", "1"
    )
    assert done.returncode == 0, done.stderr
    assert "of 4 goals met" in done.stdout
    ratio_lines = [line for line in done.stdout.splitlines() if "against python -c pass" in line]
    assert len(ratio_lines) == 2
    assert all("no goal on a generated project" in line for line in ratio_lines)
    assert "largest of 3 runs each, not timed" in done.stdout
