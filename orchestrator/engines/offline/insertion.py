"""Idempotent insertions into files a person wrote: an import, a name, a call, a field.

Python is edited on its concrete syntax tree (libcst, in `python_edits`), which keeps
everything else in the file — formatting, comments, parentheses — as it was: a
parenthesised, multi-line import gets the new name on a line of its own. A file that
does not parse is never edited (`python_edits.errors.UnparsablePython`). libcst is
imported by the first edit, not before: it takes longer to load than any command that
edits nothing runs. TypeScript blocks are edited by lines.
"""

from __future__ import annotations

from orchestrator.engines.offline.layout import LayoutError


def add_import(text: str, module: str, name: str) -> str:
    """`from module import name`, merged into an existing top-level import of `module`
    (in order when its names are), else on a line after the last top-level import."""
    # lazy: libcst loads with the first edit
    from orchestrator.engines.offline.python_edits import imports

    return imports.add_import(text, module, name)


def merge_module(text: str, addition: str) -> str:
    """`addition`'s imports and top-level classes and functions, added to the module `text`
    where it lacks them: each ``from m import n`` through `add_import`, each ``import m``
    once, each definition it does not define yet at the end, in `addition`'s order."""
    # lazy: libcst loads with the first edit
    from orchestrator.engines.offline.python_edits import imports

    return imports.merge_module(text, addition)


def add_to_all(text: str, name: str) -> str:
    """`name` added, in order, to a top-level `__all__ = [...]` list of strings."""
    # lazy: libcst loads with the first edit
    from orchestrator.engines.offline.python_edits import registrations

    return registrations.add_to_all(text, name)


def add_include(text: str, module_name: str, *, app_var: str | None = None) -> str:
    """`<router>.include_router(<module_name>.router…)` after the last such call, copying
    its receiver, indentation and keyword arguments (`app_var` picks the receiver)."""
    # lazy: libcst loads with the first edit
    from orchestrator.engines.offline.python_edits import registrations

    return registrations.add_include(text, module_name, app_var=app_var)


def add_constructor_keywords(text: str, cls: str, names: list[str]) -> str:
    """``cls(a=data.a, …)`` gets ``name=data.name`` for each of `names` it lacks.

    Only calls that already copy a keyword from an object of the same name
    (``email=data.email``) are changed, and with that object: a call built from literals
    (a test's fixture) or from other sources is left as it is. A file that does not
    parse is returned as it is (the recipe searches many files and needs few).
    """
    # lazy: libcst loads with the first edit
    from orchestrator.engines.offline.python_edits import classes

    return classes.add_constructor_keywords(text, cls, names)


def insert_in_block(text: str, header: str, lines: list[str], *, closing: str | None = None) -> str:
    """Insert `lines` at the end of the block opened by the line starting with `header`:
    after its last annotated statement (a Python class, `class Name(`) or before
    `closing` (TypeScript)."""
    if closing is None:
        from orchestrator.engines.offline.python_edits import classes  # lazy: libcst

        return classes.add_to_class(text, header, lines)
    rows = text.splitlines(keepends=True)
    start = next((i for i, row in enumerate(rows) if row.startswith(header)), None)
    if start is None:
        raise LayoutError(f"no block starting with {header!r} to add to")
    end = next((i for i in range(start + 1, len(rows)) if rows[i].rstrip() == closing), len(rows))
    return "".join([*rows[:end], *(line + "\n" for line in lines), *rows[end:]])
