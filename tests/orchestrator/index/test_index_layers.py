"""The index's layers point one way, as its package docstring draws them, and an import
inside a function is there to be lazy and says so. Read from the source, not imported."""

from __future__ import annotations

import ast
from pathlib import Path

import orchestrator.index

ROOT = Path(orchestrator.index.__file__).parent
# Lowest first: a part may import only the parts before it.
LAYERS = [
    ["facts", "errors"],
    ["python", "typescript", "infra"],
    ["files"],
    ["link", "cache"],
    ["parse_pool"],
    ["build"],
    ["answer"],
    ["contracts"],
    ["report"],
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("orchestrator.index", *parts))] = path
    return found


MODULES = _modules()


def _imported(path: Path) -> set[str]:
    """The index modules `path` imports anywhere: at the top, in functions, for type checking."""
    named = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            named |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            named |= {a.name for a in node.names}
    return named & MODULES.keys()


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else None


def test_every_part_of_the_index_has_a_layer() -> None:
    parts = {_part(m) for m in MODULES} - {None}
    assert parts == RANK.keys()


def test_no_part_imports_a_part_above_it_nor_one_beside_it() -> None:
    wrong = [
        f"{module} imports {target}"
        for module, path in MODULES.items()
        for target in _imported(path)
        if _part(module) and _part(target) and _part(module) != _part(target)
        if RANK[_part(target)] >= RANK[_part(module)]
    ]
    assert wrong == []


def test_no_two_modules_import_each_other() -> None:
    edges = {module: _imported(path) - {module} for module, path in MODULES.items()}
    pairs = [(a, b) for a in edges for b in edges[a] if a in edges[b] and a < b]
    assert pairs == []


def test_an_import_inside_a_function_says_why_it_is_lazy() -> None:
    unmarked = []
    for path in MODULES.values():
        lines = path.read_text(encoding="utf-8").splitlines()
        for func in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                is_import = isinstance(node, ast.Import | ast.ImportFrom)
                if is_import and "# lazy:" not in lines[node.lineno - 1]:
                    unmarked.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unmarked == []
