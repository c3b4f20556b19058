"""The layers point one way, nothing imports itself round about, and every import inside a
function says why it is there (tests/architecture.py holds the rule)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.architecture import (
    PACKAGES,
    cycles,
    imports_of,
    unmarked_lazy_imports,
    upward_imports,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def imports():
    return imports_of(ROOT)


def test_no_layer_imports_a_higher_one_or_a_sibling(imports):
    assert upward_imports(imports) == []


def test_no_modules_import_each_other(imports):
    assert cycles(imports) == []


def test_imports_inside_functions_are_lazy_on_purpose(imports):
    assert unmarked_lazy_imports(imports) == []


def test_the_rule_sees_every_kind_of_import(imports):
    """Sanity: the reader finds imports at the top, in functions and for type checking."""
    kinds = {i.in_function for i in imports}
    pairs = {(i.source, i.target) for i in imports}
    assert kinds == {True, False}
    assert ("orchestrator.cli.common", "project_state.errors") in pairs
    assert ("agents.sources", "prompts") in pairs


@pytest.fixture
def copy_of_the_tree(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def _plant(root: Path, module: str, line: str) -> Path:
    path = root / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return path


def test_a_planted_upward_import_fails(copy_of_the_tree):
    path = _plant(copy_of_the_tree, "project_state/store.py", "from orchestrator.cli import common")
    _plant(copy_of_the_tree, "orchestrator/review/gate.py", "import orchestrator.pipeline")
    found = upward_imports(imports_of(copy_of_the_tree))
    assert any(f.startswith(f"{path}:") and "orchestrator.cli.common" in f for f in found)
    assert any("orchestrator.review.gate imports orchestrator.pipeline" in f for f in found)
    assert len(found) == 2


def test_a_planted_type_only_import_of_a_sibling_fails(copy_of_the_tree):
    _plant(
        copy_of_the_tree,
        "orchestrator/sprint/board.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from orchestrator.forge import open_forge",
    )
    found = upward_imports(imports_of(copy_of_the_tree))
    assert [f.split(": ", 1)[1] for f in found] == [
        "orchestrator.sprint.board imports orchestrator.forge, a layer above or beside it"
    ]


def test_a_planted_cycle_fails(copy_of_the_tree):
    _plant(copy_of_the_tree, "orchestrator/review/findings.py", "import orchestrator.review.gate")
    found = cycles(imports_of(copy_of_the_tree))
    assert any(
        {"orchestrator.review.findings", "orchestrator.review.gate"} <= set(g) for g in found
    )


def test_a_planted_unexplained_import_in_a_function_fails(copy_of_the_tree):
    _plant(
        copy_of_the_tree,
        "orchestrator/review/findings.py",
        "def later():\n    from orchestrator.review import grading\n    return grading",
    )
    _plant(
        copy_of_the_tree,
        "orchestrator/review/findings.py",
        "def explained():\n    # lazy: shows the rule accepts a comment above the group\n"
        "    from orchestrator.errors import ConfigError\n    return ConfigError",
    )
    found = unmarked_lazy_imports(imports_of(copy_of_the_tree))
    assert [f.split(": ", 1)[1] for f in found] == [
        (
            "orchestrator.review.findings imports orchestrator.review.grading, "
            "inside a function without a `# lazy:` comment"
        )
    ]
