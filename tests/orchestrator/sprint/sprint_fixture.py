"""The fixture sprint: six single-agent tasks over four agents on the blog example, two of
them depending on others, and the same sprint run serially as the reference."""

from __future__ import annotations

import json
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from orchestrator.scaffold import create_example
from tests.orchestrator.cli.cli_runner import orchestrate
from tests.shared_build import built_once

# The gate's own test run is proven elsewhere (the review and Quickstart tests); here it
# would only add a pytest of the example to each of the sprint's many runs.
WAIVERS = """review:
  run_tests: false
  waivers:
    - {rule: QA-TESTS-MISSING, path: "backend/app/models/*", reason: "models are exercised by the API tests"}
    - {rule: QA-TESTS-MISSING, path: "frontend/src/*", reason: "the client is generated from tested schemas"}
"""
TAG = "kind: resource\nresource: tag\nfields:\n  - {name: label, type: str, max_length: 50}\n"
COMMENT = "kind: resource\nresource: comment\nfields:\n  - {name: text, type: text}\n"
# (issue, title, spec, assignee, depends on); #44 (health check, fastapi) is the example's.
NEW_ISSUES = [
    (46, "Tag model", TAG, "database", None),
    (47, "Tag API", TAG, "fastapi", "TASK-046"),
    (48, "Tag client", TAG, "vue", "TASK-047"),
    (49, "CI workflow", "kind: infra\n", None, None),
    (50, "Comment model", COMMENT, "database", None),
]
AGENT_OF = {"TASK-044": "fastapi", "TASK-046": "database", "TASK-047": "fastapi",
            "TASK-048": "vue", "TASK-049": "devops", "TASK-050": "database"}  # fmt: skip
SERIAL_ORDER = [44, 46, 49, 47, 50, 48]  # the plan's batches, one after the other


def ok(*args: str | Path):
    done = orchestrate(*args)
    assert done.exit_code == 0, f"{args}: {done.output}"
    return done


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def pristine_sprint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture sprint before any run, built once per session; read only."""
    return (
        built_once(
            tmp_path_factory,
            "pristine-sprint",
            lambda folder: make_fixture_sprint(folder / "sprint"),
        )
        / "sprint"
    )


def make_fixture_sprint(root: Path) -> Path:
    """The blog example with #45 closed and five more issues in its sprint, all committed."""
    create_example("blog", root)
    with open(root / "stackcrew.yaml", "a", encoding="utf-8") as config:
        config.write(WAIVERS)
    ok("issue", "close", "45", "--project", root)
    for number, title, spec, assignee, depends_on in NEW_ISSUES:
        spec_file = root.parent / f"spec-{number}.yaml"
        spec_file.write_text(spec)
        extra = ["--assignee", assignee] if assignee else []
        ok("issue", "new", title, "--spec", spec_file, *extra, "--project", root)
        after = ["--depends-on", depends_on] if depends_on else []
        ok("sprint", "add", str(number), *after, "--project", root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Sprint: tags, comments, CI")
    return root


@dataclass(frozen=True)
class Outcome:
    """What a sprint left: the tree of the branch it ran on, QA's verdicts, task statuses."""

    tree: str
    verdicts: dict[int, str]
    statuses: dict[str, str]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def load(cls, path: Path) -> Outcome:
        saved = json.loads(path.read_text())
        verdicts = {int(issue): verdict for issue, verdict in saved["verdicts"].items()}
        return cls(saved["tree"], verdicts, saved["statuses"])


def outcome_of(root: Path) -> Outcome:
    prs = json.loads(ok("pr", "list", "--json", "--project", root).stdout)
    verdicts = {p["issue"]: p["reviews"][-1]["verdict"] for p in prs if p["reviews"]}
    sprint = json.loads(ok("sprint", "status", "--json", "--project", root).stdout)
    statuses = {t["id"]: t["status"] for t in sprint["tasks"]}
    return Outcome(git(root, "rev-parse", "HEAD^{tree}").strip(), verdicts, statuses)


def run_serially(root: Path, issues: list[int], *, merge: bool = True) -> None:
    """`orchestrate run` for each issue in turn, merging what QA approved, from main."""
    for number in issues:
        done = orchestrate("run", "--issue", str(number), "--json", "--project", root)
        review = json.loads(done.stdout)["review"]
        if merge and review and review["verdict"] == "APPROVE":
            ok("merge", "--pr", str(review["pr"]), "--project", root)
        git(root, "checkout", "-q", "main")
