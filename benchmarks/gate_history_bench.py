"""How often the QA gate is wrong on real history: every rule's findings over the last N
commits of a repository, against findings a person read and judged.

    python benchmarks/gate_history_bench.py --repo PATH                 # the last 30 commits
    python benchmarks/gate_history_bench.py --repo PATH --commits 50 --no-tests
    python benchmarks/gate_history_bench.py --repo PATH --show QA-TESTS-MISSING

The repository is cloned into a temporary folder (the one given is never written), set
up with `orchestrate init` when it has no `stackcrew.yaml`, and each non-merge commit is
reviewed against its first parent as CI would: `orchestrate review --base C^ --head C -f
json`, with the project's test command unless `--no-tests`, each review bounded.

For each rule it prints how many findings fired, on how many commits, and how many of
them were read and judged false in `benchmarks/gate_judgements.json` (a finding is named
there by commit, rule and file). Goals, each MET or MISSED:

* every rule that fired: at most 5% of the findings read judged false (a rule with
  findings nobody read is MISSED: it has not been judged);
* no verdict rests on the environment: no REQUEST CHANGES or BLOCK whose only findings
  are the test command failing to reach the tests (a missing module or program).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

from measure import Overran, machine_load, run_child, summary, verdict
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from orchestrator.review.test_runs import CANNOT_RUN_TEXT

BIN = Path(sys.executable).parent
JUDGEMENTS = Path(__file__).with_name("gate_judgements.json")
REVIEW_TIMEOUT_SECONDS = 600.0
REVIEW_CODES = (0, 1, 3)  # APPROVE, REQUEST CHANGES, BLOCK
MOST_FALSE = 0.05


class FalseFinding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    commit: str = Field(min_length=7)  # a prefix of the reviewed commit's id
    rule: str
    file: str  # "" for a finding about the whole change
    why: str = Field(min_length=1)


class Judged(BaseModel):
    """What a person read of one repository's findings, and what they judged false."""

    model_config = ConfigDict(extra="forbid")

    head: str  # the commit the reviewed history ends at
    notes: str = ""  # what was read, and what the false findings led to
    commits: int  # how many commits back from it were reviewed
    read: dict[str, int]  # rule -> findings read
    false: list[FalseFinding] = []


class Judgements(BaseModel):
    model_config = ConfigDict(extra="forbid")

    repositories: dict[str, Judged] = {}


class Review(NamedTuple):
    commit: str
    verdict: str
    findings: list[dict]


def main() -> int:
    args = _arguments()
    judged = _judgements(args.judgements).repositories.get(args.name)
    with tempfile.TemporaryDirectory(prefix="gate-history-") as scratch:
        clone = _clone(args.repo, Path(scratch) / "repo")
        commits = _commits(clone, args.commits)
        print(f"gate history: {args.name}, {len(commits)} commits from {commits[0][:8]}"
              f" ({machine_load()})")  # fmt: skip
        reviews = [_review(clone, commit, args.tests) for commit in commits]
    if args.show:
        _show(reviews, args.show)
    goals = _report(reviews, judged, len(commits))
    print(summary(goals))
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, required=True, help="a local git repository")
    parser.add_argument("--commits", type=int, default=30, help="non-merge commits to review")
    parser.add_argument("--name", help="its name in the judgements (default: origin's)")
    parser.add_argument("--no-tests", dest="tests", action="store_false",
                        help="review without running the test command")  # fmt: skip
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--show", metavar="RULE", help="print every finding of RULE to read")
    args = parser.parse_args()
    args.name = args.name or _origin_name(args.repo)
    return args


def _origin_name(repo: Path) -> str:
    """owner/name from the origin remote's URL, else the folder's name."""
    done = _git(repo, "config", "--get", "remote.origin.url", check=False)
    url = done.stdout.strip().removesuffix(".git")
    if url.count("/") >= 1 and ("github.com" in url or url.startswith("git@")):
        return "/".join(url.replace(":", "/").split("/")[-2:])
    return repo.resolve().name


def _judgements(path: Path) -> Judgements:
    try:
        return Judgements.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Judgements()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SystemExit(f"error: {path}: {where}: {first['msg']}") from None


def _clone(repo: Path, where: Path) -> Path:
    done = _git(Path.cwd(), "clone", "-q", str(repo.resolve()), str(where), check=False)
    if done.returncode != 0:
        raise SystemExit(f"error: cannot clone {repo}: {done.stderr.strip()}")
    if not (where / "stackcrew.yaml").exists():
        init = run_child([str(BIN / "orchestrate"), "init", str(where)], REVIEW_TIMEOUT_SECONDS)
        if init.code != 0:
            raise SystemExit(f"error: orchestrate init failed: {init.stderr[-400:]}")
    return where


def _commits(clone: Path, count: int) -> list[str]:
    """The last `count` commits with exactly one parent, newest first."""
    listed = _git(clone, "rev-list", "--no-merges", "--min-parents=1", f"--max-count={count}",
                  "HEAD").stdout.split()  # fmt: skip
    if not listed:
        raise SystemExit("error: the repository has no commit with a parent to review")
    return listed


def _review(clone: Path, commit: str, tests: bool) -> Review:
    argv = [str(BIN / "orchestrate"), "review", "--base", f"{commit}^", "--head", commit,
            "-f", "json", "--project", str(clone)]  # fmt: skip
    try:
        child = run_child([*argv, *([] if tests else ["--no-tests"])], REVIEW_TIMEOUT_SECONDS)
    except Overran:
        return Review(commit, "TIMEOUT", [])
    if child.code not in REVIEW_CODES:
        return Review(commit, f"ERROR {child.code}: {child.stderr.strip()[-200:]}", [])
    report = json.loads(child.stdout)
    live = [f for f in report["findings"] if f["waived"] is None]
    return Review(commit, report["verdict"], live)


def _report(reviews: list[Review], judged: Judged | None, commits: int) -> list[tuple[str, bool]]:
    verdicts = Counter(review.verdict for review in reviews)
    print("verdicts: " + ", ".join(f"{name} {count}" for name, count in sorted(verdicts.items())))
    fired, on_commits = _fired(reviews)
    false = _false_counts(reviews, judged)
    read = judged.read if judged else {}
    if judged and (judged.commits != commits or not reviews[0].commit.startswith(judged.head)):
        print(f"note: the judgements are of {judged.commits} commits from {judged.head[:8]}")
    print(f"{'rule':<28}{'fired':>7}{'commits':>9}{'read':>7}{'false':>7}")
    goals = []
    for rule in sorted(fired):
        seen, wrong = min(read.get(rule, 0), fired[rule]), false[rule]
        print(f"{rule:<28}{fired[rule]:>7}{on_commits[rule]:>9}{seen:>7}{wrong:>7}")
        goals.append((f"{rule} false findings", _false_goal(rule, seen, wrong)))
    environment = sum(_rests_on_environment(review) for review in reviews)
    met = environment == 0
    print(f"goal: verdicts that rest on the environment: {environment} (goal 0) {verdict(met)}")
    goals.append(("verdicts on the environment", met))
    failed = [r for r in reviews if r.verdict not in ("APPROVE", "REQUEST_CHANGES", "BLOCK")]
    for review in failed:
        print(f"review of {review.commit[:8]} did not finish: {review.verdict}")
    goals.append(("every review finished", not failed))
    return goals


def _false_goal(rule: str, seen: int, wrong: int) -> bool:
    if seen == 0:
        print(f"goal: {rule} false findings ≤ {MOST_FALSE:.0%}: none read, not judged MISSED")
        return False
    share = wrong / seen
    met = share <= MOST_FALSE
    print(f"goal: {rule} false findings ≤ {MOST_FALSE:.0%}: {wrong} of {seen} read "
          f"({share:.1%}) {verdict(met)}")  # fmt: skip
    return met


def _fired(reviews: list[Review]) -> tuple[Counter[str], Counter[str]]:
    fired: Counter[str] = Counter()
    on_commits: Counter[str] = Counter()
    for review in reviews:
        rules = [finding["rule"] for finding in review.findings]
        fired.update(rules)
        on_commits.update(set(rules))
    return fired, on_commits


def _false_counts(reviews: list[Review], judged: Judged | None) -> Counter[str]:
    """Findings of this run that the judgements name as false, by rule."""
    counts: Counter[str] = Counter()
    for wrong in judged.false if judged else []:
        for review in reviews:
            if review.commit.startswith(wrong.commit) and any(
                f["rule"] == wrong.rule and f["file"] == wrong.file for f in review.findings
            ):
                counts[wrong.rule] += 1
    return counts


def _rests_on_environment(review: Review) -> bool:
    """A REQUEST CHANGES or BLOCK whose every error or block is a test command that never
    reached the tests."""
    deciding = [f for f in review.findings if f["severity"] in ("error", "block")]
    return bool(deciding) and all(
        f["rule"].startswith("QA-TESTS-") and CANNOT_RUN_TEXT.search(f["message"]) for f in deciding
    )


def _show(reviews: list[Review], rule: str) -> None:
    by_commit: dict[str, list[dict]] = defaultdict(list)
    for review in reviews:
        by_commit[review.commit] += [f for f in review.findings if f["rule"] == rule]
    for commit, findings in by_commit.items():
        for f in findings:
            where = f"{f['file']}:{f['line']}" if f["line"] else f["file"] or "(change)"
            first = f["message"].splitlines()[0][:160]
            print(f"{commit[:10]} {rule} {where}: {first}")


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check,
                          timeout=REVIEW_TIMEOUT_SECONDS)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
