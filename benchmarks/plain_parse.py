"""The plainest way to do the parsing a cold index does: the baseline of `index_bench.py`.

    python benchmarks/plain_parse.py ROOT            # prints how many files it parsed
    python benchmarks/plain_parse.py ROOT --list     # prints each file's path and kind

One process, the same files (the index's own walk, `orchestrator.index.files.discover`, which
imports nothing heavy) and the same parsers: ``ast.parse`` for Python, tree-sitter for the
``.ts``/``.tsx`` files and the ``<script lang="ts">`` blocks of ``.vue`` files, PyYAML's
safe composer for compose files, and a split into lines for ``.env`` examples. Nothing is
extracted, linked, hashed or cached: that is the index's own work, which the benchmark
compares against this.
"""

from __future__ import annotations

import ast
import re
import sys

import tree_sitter
import tree_sitter_typescript
import yaml

from orchestrator.index.files.discover import discover

SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
LANG = re.compile(rb"""\blang\s*=\s*["']?(ts|tsx)["']?""", re.IGNORECASE)


def main() -> None:
    found = discover(sys.argv[1])
    if "--list" in sys.argv[2:]:
        for rel, file in found.items():
            print(rel, file.kind)
        return
    typescript = tree_sitter.Parser(
        tree_sitter.Language(tree_sitter_typescript.language_typescript())
    )
    tsx = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_tsx()))
    parsed = 0
    for file in found.values():
        with open(file.path, "rb") as handle:
            data = handle.read()
        try:
            parse(data, file.kind, typescript, tsx)
        except (SyntaxError, ValueError, yaml.YAMLError):  # the index skips these files too
            continue
        parsed += 1
    print(parsed)


def parse(data: bytes, kind: str, typescript: tree_sitter.Parser, tsx: tree_sitter.Parser) -> None:
    if kind == "python":
        ast.parse(data)
    elif kind in ("typescript", "tsx"):
        (tsx if kind == "tsx" else typescript).parse(data)
    elif kind == "vue":
        for match in SCRIPT.finditer(data):
            lang = LANG.search(match.group(1))
            if lang is not None:
                (tsx if lang.group(1).lower() == b"tsx" else typescript).parse(match.group(2))
    elif kind == "compose":
        yaml.compose(data.decode("utf-8"), Loader=yaml.SafeLoader)
    else:
        data.decode("utf-8").splitlines()


if __name__ == "__main__":
    main()
