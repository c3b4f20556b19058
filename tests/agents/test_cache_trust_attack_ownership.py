"""`.stackcrew-cache/` is stackcrew's, as `.git/` and `project_state/` are: no agent may
write it, whatever the ownership patterns say. A repository's config can hand an agent
any pattern, and a model steered by the repository could then put facts of its choosing
there, under this machine's stamp, for `agent consult` and the local QA gate to believe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agents.errors import OutsideRepoError
from agents.ownership import build_ownership
from orchestrator.engines.model.scripted import tool_use

BIN = Path(sys.executable).parent
FILES_JSON = ".stackcrew-cache/index/files.json"


def orchestrate(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "orchestrate"), *args, "--project", str(repo)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "path", [FILES_JSON, ".stackcrew-cache/.written-here", ".Stackcrew-Cache/project-card.json"]
)
def test_the_cache_is_refused_to_an_agent_that_owns_everything(tmp_path: Path, path: str) -> None:
    everything = build_ownership([("fastapi", ["*", ".*", "**/*"])])
    with pytest.raises(OutsideRepoError, match="no agent may write"):
        everything.check_write(tmp_path, "fastapi", path)


def test_a_model_granted_the_cache_by_the_config_cannot_write_it(blog: Path, fake_api) -> None:
    config = blog / "stackcrew.yaml"
    config.write_text(
        config.read_text()
        + "engine: model\n"
        + 'ownership:\n  - {pattern: ".stackcrew-cache/", agent: fastapi}\n'
    )
    identity = ("-c", "user.name=someone", "-c", "user.email=someone@example.com")
    subprocess.run(["git", *identity, "commit", "-qam", "cache"], cwd=blog, check=True)
    assert orchestrate(blog, "index").returncode == 0
    honest = (blog / FILES_JSON).read_bytes()
    fake_api.add(
        tool_use("write_file", {"path": FILES_JSON, "content": json.dumps({"files": {}})}),
        tool_use("finish", {"summary": "warmed the cache"}),
    )

    orchestrate(blog, "direct", "fastapi", "warm the cache")
    assert (blog / FILES_JSON).read_bytes() == honest
    [refused] = [
        block
        for body in fake_api.requests
        for block in body["messages"][-1]["content"]
        if block.get("type") == "tool_result"
    ]
    assert refused["is_error"] and "no agent may write" in refused["content"]
