"""The rule for what may import what, and a reader of the tree that checks it.

Layers, lowest first; a module may import its own part and any lower layer, never a
higher one or a sibling of its own layer. Every import counts: at the top of a module,
inside a function, and under ``TYPE_CHECKING``. An import inside a function is allowed
only when it is lazy on purpose, with a comment that says so (``# lazy: …``) on its line
or on the line above its group. docs/architecture.md draws the same layers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ["orchestrator", "agents", "project_state", "prompts"]

PACKAGE_LAYERS = [["prompts"], ["project_state"], ["agents"], ["orchestrator"]]
# Inside a package, its parts (sub-packages or modules; `__init__` is the package's own
# module) in layers, lowest first. A part not listed fails the test: it needs a place.
NESTED_LAYERS: dict[str, list[list[str]]] = {
    "orchestrator": [
        [
            "__init__",  # its version
            "errors",
            "collector",
            "code_stamp",
            "actions_log",
            "repo_paths",
            "redaction",
            "confinement",
            "engine_choice",
            "ruff_program",
            "test_setup",
        ],
        ["config", "git_repo", "workspace"],
        ["project", "tree_guard", "engine", "issue_specs", "index", "routing"],
        ["project_card", "planning", "handoff", "replies", "ownership_proposal", "scaffold"],
        ["run_tracker", "consult_mode", "engines"],
        ["review"],
        ["pipeline"],
        ["forge", "sprint"],
        ["cli"],
    ],
    "orchestrator.index": [
        ["facts", "errors"],
        ["project_index"],
        ["python", "typescript", "infra"],
        ["files"],
        ["link", "cache"],
        ["scribe"],
        ["parse_pool"],
        ["build"],
        ["answer"],
        ["contracts"],
        ["report"],
        ["__init__"],  # build_index and the fact classes, for everyone else
    ],
}
LAZY_MARK = "lazy"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    target: str  # the imported module of ours, dotted
    file: Path
    line: int
    in_function: bool
    group_line: int  # where its run of consecutive import statements starts


def modules_of(root: Path) -> dict[str, Path]:
    """Every module of our packages under `root`, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(root: Path) -> list[Import]:
    """Every import of one of our modules by another, wherever it is written."""
    modules = modules_of(root)
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        in_function = _nodes_inside_functions(tree)
        group_line = _group_lines(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(node, name, path.name == "__init__.py", modules):
                if target != name:
                    found.append(
                        Import(
                            name, target, path, node.lineno, id(node) in in_function,
                            group_line[id(node)],
                        )
                    )  # fmt: skip
    return found


def upward_imports(imports: list[Import]) -> list[str]:
    """Imports of a higher layer or a sibling, as ``file:line: a imports b``."""
    return [
        _describe(i, "a layer above or beside it")
        for i in imports
        if not _may_import(i.source, i.target)
    ]


def cycles(imports: list[Import]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others."""
    edges: dict[str, set[str]] = {}
    for i in imports:
        edges.setdefault(i.source, set()).add(i.target)
    return [sorted(group) for group in _strongly_connected(edges) if len(group) > 1]


def unmarked_lazy_imports(imports: list[Import]) -> list[str]:
    """Imports inside functions whose line, or the line above their group, says nothing of
    being lazy."""
    lines: dict[Path, list[str]] = {}
    bad = []
    for i in imports:
        if not i.in_function:
            continue
        text = lines.setdefault(i.file, i.file.read_text(encoding="utf-8").splitlines())
        if not _marked_lazy(text, i.line, i.group_line):
            bad.append(_describe(i, "inside a function without a `# lazy:` comment"))
    return sorted(set(bad))


def _marked_lazy(text: list[str], line: int, group_line: int) -> bool:
    """The import's own line, the first line of its group, or a comment line right above
    the group says lazy."""
    said = [text[line - 1], text[group_line - 1]]
    if group_line > 1 and text[group_line - 2].strip().startswith("#"):
        said.append(text[group_line - 2])
    return any(LAZY_MARK in s.partition("#")[2] for s in said)


def _group_lines(tree: ast.AST) -> dict[int, int]:
    """For each import statement, the line of the first import of its run of consecutive
    import statements in the same block."""
    starts = {}
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers"):
            run_start = None
            block = getattr(node, field, None)
            for statement in block if isinstance(block, list) else []:
                if isinstance(statement, ast.Import | ast.ImportFrom):
                    run_start = run_start or statement.lineno
                    starts[id(statement)] = run_start
                else:
                    run_start = None
    return starts


def _nodes_inside_functions(tree: ast.AST) -> set[int]:
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
    return inside


def _targets(node: ast.AST, name: str, is_package: bool, modules: dict[str, Path]) -> set[str]:
    if isinstance(node, ast.Import):
        wanted = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            parts = name.split(".") if is_package else name.split(".")[:-1]
            parts = parts[: len(parts) - node.level + 1]
            base = ".".join([*parts, base] if base else parts)
        wanted = [f"{base}.{alias.name}" for alias in node.names]
        wanted = [w if w in modules else base for w in wanted]
    return {found for w in wanted if (found := _module_of(w, modules))}


def _module_of(dotted: str, modules: dict[str, Path]) -> str | None:
    while dotted and dotted not in modules:
        dotted = dotted.rpartition(".")[0]
    return dotted or None


def _position(module: str) -> list[tuple[int, str]]:
    """(layer, part) at each level: the package, then its parts, then theirs when they
    have layers of their own."""
    parts = module.split(".")
    position = [(_rank(PACKAGE_LAYERS, parts[0], parts[0]), parts[0])]
    prefix, rest = parts[0], parts[1:]
    while prefix in NESTED_LAYERS:
        part = rest[0] if rest else "__init__"
        position.append((_rank(NESTED_LAYERS[prefix], part, f"{prefix}.{part}"), part))
        if not rest:
            break
        prefix, rest = f"{prefix}.{part}", rest[1:]
    return position


def _rank(layers: list[list[str]], part: str, name: str) -> int:
    for rank, names in enumerate(layers):
        if part in names:
            return rank
    raise AssertionError(f"{name} is in no layer: give it one in tests/architecture.py")


def _may_import(source: str, target: str) -> bool:
    """Within the same part at every level, or into a lower layer where they part."""
    for (source_rank, source_part), (target_rank, target_part) in zip(
        _position(source), _position(target), strict=False
    ):
        if source_part != target_part:
            return target_rank < source_rank
    return True


def _describe(i: Import, what: str) -> str:
    return f"{i.file}:{i.line}: {i.source} imports {i.target}, {what}"


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the tree is deeper than the default recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups
