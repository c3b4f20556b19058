"""The dependency pins allow only versions that have what the code imports."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def pinned(name: str) -> Requirement:
    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    found = [Requirement(r) for r in data["project"]["dependencies"]]
    return next(r for r in found if r.name == name)


def test_pathspec_pin_excludes_releases_without_the_gitignore_spec_module():
    import pathspec.patterns.gitignore.spec  # noqa: F401 - what agents.ownership imports

    specifier = pinned("pathspec").specifier
    assert not specifier.contains("0.12.1")  # the last release before the module existed
    assert specifier.contains("1.0.0")
    assert specifier.contains(version("pathspec"))


def test_hishel_pin_excludes_the_release_githubkit_cannot_import():
    import githubkit  # noqa: F401 - fails with hishel 2.0.0 (`cannot import name 'CachePolicy'`)

    specifier = pinned("hishel").specifier
    assert not specifier.contains("2.0.0")
    assert specifier.contains("1.3.0")
    assert specifier.contains(version("hishel"))
    assert pinned("githubkit").specifier.contains(version("githubkit"))
