"""The ready cache read without the fact classes holds the same facts, or is not read."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from orchestrator.index import ProjectIndex, build_index
from orchestrator.index.cache.plain_rows import PlainFact, plain_index
from orchestrator.index.cache.store import CACHE_DIR, SUMMARY
from orchestrator.index.facts import SECTIONS
from orchestrator.index.project_index import SECTION_NAMES

FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Routes with parameters, models with columns and relationships, TypeScript types,
    compose services and variables, and a Python file the index cannot parse."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "routing", root)
    shutil.copytree(FIXTURES / "frontend" / "src", root / "frontend" / "src")
    shutil.copytree(FIXTURES / "infra", root / "infra")
    (root / "app" / "broken.py").write_text("def broken(:\n")
    return root


def _built(root: Path) -> tuple[ProjectIndex, str]:
    index = build_index(root, background=False)
    return index, json.loads((root / CACHE_DIR / "ready.json").read_text())["build"]


def _never() -> ProjectIndex:
    raise AssertionError("nothing was damaged: nothing is built again")


def as_data(value: Any) -> Any:
    """A fact as plain data, whichever way it was read: its fields by name, recursively."""
    if dataclasses.is_dataclass(value):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    elif isinstance(value, PlainFact):
        value = value._asdict()
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_data(item) for item in value]
    return value


def test_every_section_holds_the_facts_the_classes_hold(project: Path) -> None:
    index, build = _built(project)
    plain = plain_index(str(project), build, _never)
    assert plain is not None
    assert index.skipped and index.models[0].relationships and index.services
    assert any(route.params for route in index.routes) and index.ts_types[0].properties
    for name in SECTIONS:
        assert as_data(plain.section(name)) == as_data(index.section(name)), name
    assert plain.migration_heads == index.migration_heads
    assert as_data(plain.stats) == as_data(index.stats)
    assert plain.counts() == index.counts()


def test_the_routes_picked_by_path_are_the_routes_so_filtered(project: Path) -> None:
    index, build = _built(project)
    plain = plain_index(str(project), build, _never)
    assert plain is not None

    def keep(path: str, _tags: list[str]) -> bool:
        return "items" in path

    picked = as_data(plain.routes_where(keep))
    assert picked and picked == as_data([r for r in index.routes if keep(r.path, r.tags)])


def test_the_section_names_are_the_sections_of_the_fact_classes() -> None:
    assert tuple(SECTIONS) == SECTION_NAMES


def test_another_build_is_not_read(project: Path) -> None:
    _, build = _built(project)
    assert plain_index(str(project), "0" * 16, _never) is None
    assert plain_index(str(project) + "/", build, _never) is None, "another root"


@pytest.mark.parametrize("name", ["ready-routes.json", "ready-skipped.json", SUMMARY])
def test_a_file_of_another_build_is_not_read(project: Path, name: str) -> None:
    _, build = _built(project)
    path = project / CACHE_DIR / name
    path.write_bytes(path.read_bytes().replace(build.encode(), b"f" * 16, 1))
    assert plain_index(str(project), build, _never) is None


@pytest.mark.parametrize("name", ["ready-models.json", SUMMARY])
def test_a_missing_file_is_not_read(project: Path, name: str) -> None:
    _, build = _built(project)
    (project / CACHE_DIR / name).unlink()
    assert plain_index(str(project), build, _never) is None


def test_a_summary_of_another_format_is_not_read(project: Path) -> None:
    _, build = _built(project)
    path = project / CACHE_DIR / SUMMARY
    summary = json.loads(path.read_text())
    path.write_text(json.dumps(summary | {"format": "0-" + summary["format"]}))
    assert plain_index(str(project), build, _never) is None


@pytest.mark.parametrize("section", ["models", "services"])  # with nested facts, without
def test_a_damaged_section_is_made_again(project: Path, section: str) -> None:
    index, build = _built(project)
    path = project / CACHE_DIR / f"ready-{section}.json"
    header, first, *others = path.read_bytes().split(b"\n")
    longer = json.dumps([*json.loads(first), "a field no model has"]).encode()
    path.write_bytes(b"\n".join([header, longer, *others]))  # a row of another layout
    made: list[ProjectIndex] = []

    def rebuild() -> ProjectIndex:
        made.append(build_index(project, use_cache=False))
        return made[-1]

    plain = plain_index(str(project), build, rebuild)
    assert plain is not None
    assert as_data(plain.routes) == as_data(index.routes) and not made
    assert as_data(plain.section(section)) == as_data(index.section(section))
    assert len(made) == 1
