"""Where agent definitions come from, without reading them: the files a registry loads.

Kept apart from the registry (which validates with pydantic) so that a quick check of
whether any of these files changed costs no imports.
"""

from __future__ import annotations

from pathlib import Path

import prompts
from agents.names import BUILTIN_AGENTS

CLAUDE_AGENTS_DIR = Path(".claude") / "agents"


def builtin_prompts_dir() -> Path:
    return Path(prompts.__file__).parent


def builtin_agent_files() -> list[Path]:
    return [builtin_prompts_dir() / f"{name}.md" for name in BUILTIN_AGENTS]


def project_agent_dirs(repo_root: Path, agents_dir: str | None) -> tuple[Path | None, Path]:
    """The project's agent folders in load order: its own (if set), then Claude subagents."""
    return (repo_root / agents_dir if agents_dir else None), repo_root / CLAUDE_AGENTS_DIR


def markdown_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md")) if folder.is_dir() else []
