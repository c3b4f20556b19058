"""A small project written into a folder from a mapping of paths to text, then indexed."""

from __future__ import annotations

from pathlib import Path

from orchestrator.index import ProjectIndex, build_index


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def index_of(root: Path, files: dict[str, str]) -> ProjectIndex:
    """The index of `files` written under `root`, built without a cache."""
    write_tree(root, files)
    return build_index(root, use_cache=False)


def auth_by_route(root: Path, files: dict[str, str]) -> dict[str, bool]:
    """Whether each route of `files` needs auth, by ``METHOD /path``."""
    return {f"{r.method} {r.path}": r.auth for r in index_of(root, files).routes}
