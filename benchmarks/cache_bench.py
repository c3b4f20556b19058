"""How much of a model run's input the prompt cache serves, and what that saves.

    python benchmarks/cache_bench.py               # 20 turns, claude-sonnet-4-6 prices
    python benchmarks/cache_bench.py --turns 40 --model claude-opus-4-5

A scripted run of `--turns` turns (reads, searches, edits, then finish) by the fastapi
agent on a fresh copy of the blog example, through the real anthropic SDK and the
loopback fake Messages API in `tests/` (which accounts caching by prefix as the API does,
with a 1,024-token minimum). Prints the share of input tokens read from the cache (the
goal is at least 0.85) and the USD saved against the same requests without caching.
No network: the SDK talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # a script run from anywhere: the repository's test fakes

from orchestrator.engine import Job
from orchestrator.engines.model import ModelEngine
from orchestrator.engines.model.prices import Usage, cost_usd, uncached_cost_usd
from orchestrator.engines.model.scripted import tool_use
from orchestrator.planning import plan_direct
from orchestrator.project import open_project
from orchestrator.scaffold import create_example
from orchestrator.workspace import Workspace
from tests.fakes.messages_api import FakeMessagesAPI

GOAL = 0.85
READS = [
    ("read_file", {"path": "backend/app/routers/users.py"}),
    ("read_file", {"path": "backend/app/schemas/user.py"}),
    ("search_code", {"regex": "def get_", "glob": "backend/app/**/*.py"}),
    ("list_files", {"pattern": "backend/app/**/*.py"}),
    ("read_file", {"path": "backend/app/services/user_service.py", "start": 1, "end": 40}),
]


def script(turns: int) -> list[object]:
    steps: list[object] = []
    for n in range(turns - 2):
        name, args = READS[n % len(READS)]
        steps.append(tool_use(name, args))
    steps.append(tool_use("write_file", {"path": "backend/app/routers/posts.py",
                                         "content": "from fastapi import APIRouter\n"}))  # fmt: skip
    steps.append(tool_use("finish", {"summary": "posts router started"}))
    return steps


def run(turns: int, model: str) -> tuple[list[Usage], str]:
    with tempfile.TemporaryDirectory() as tmp, FakeMessagesAPI(min_cache_tokens=1024) as api:
        root = Path(tmp) / "blog"
        create_example("blog", root)
        os.environ.update(ANTHROPIC_BASE_URL=api.url, ANTHROPIC_API_KEY="bench")
        project = open_project(root)
        project.config = project.config.model_copy(update={"model": model})
        api.add(*script(turns))
        plan = plan_direct(project, "fastapi", "Start the posts router")
        step = plan.steps[0]
        job = Job("run-bench", "DIRECT", step.spec, step.system_prompt, plan.instruction)
        ws = Workspace(project.root, project.ownership, agent="fastapi")
        engine = ModelEngine.for_project(project, max_retries=0, timeout=10.0)
        outcome = engine.perform(job, ws)
        if api.errors:
            raise SystemExit(f"the fake API rejected requests: {api.errors}")
        usages = [
            Usage(u["input_tokens"], u["output_tokens"], u["cache_creation_input_tokens"],
                  u["cache_read_input_tokens"])
            for u in api.usages
        ]  # fmt: skip
        return usages, outcome.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--model", default="claude-sonnet-4-6")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="The model .* is deprecated")
    usages, status = run(args.turns, args.model)
    total = sum(usages, Usage())
    share = total.cache_read_tokens / total.prompt_tokens
    cached = sum(cost_usd(args.model, u) for u in usages)
    uncached = sum(uncached_cost_usd(args.model, u) for u in usages)
    print(f"requests: {len(usages)} (run {status})")
    print(f"input tokens: {total.prompt_tokens:,} = {total.cache_read_tokens:,} cache read + "
          f"{total.cache_write_tokens:,} cache write + {total.input_tokens:,} uncached")  # fmt: skip
    print(f"share served from cache: {share:.3f} (goal >= {GOAL})")
    print(f"cost with caching: ${cached:.4f}; without: ${uncached:.4f}; "
          f"saved: ${uncached - cached:.4f} ({1 - cached / uncached:.0%})")  # fmt: skip
    if share < GOAL:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
