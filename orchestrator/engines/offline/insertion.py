"""Idempotent insertions into files a person wrote: an import, a name, a call."""

from __future__ import annotations

import ast
import re

from orchestrator.engines.offline.layout import LayoutError


def add_import(text: str, module: str, name: str) -> str:
    """`from module import name`, merged into an existing one-line import of `module`."""
    line = re.compile(rf"^from {re.escape(module)} import ([\w, ]+)$", re.MULTILINE)
    match = line.search(text)
    if match:
        names = [n.strip() for n in match.group(1).split(",") if n.strip()]
        if name in names:
            return text
        merged = ", ".join(sorted({*names, name}, key=lambda n: (n[0].islower(), n)))
        return text[: match.start()] + f"from {module} import {merged}" + text[match.end() :]
    return insert_after_imports(text, f"from {module} import {name}")


def insert_after_imports(text: str, statement: str) -> str:
    if re.search(rf"^{re.escape(statement)}$", text, re.MULTILINE):
        return text
    lines = text.splitlines(keepends=True)
    last = max(
        (i for i, ln in enumerate(lines) if re.match(r"(from \S+ )?import ", ln)), default=-1
    )
    lines.insert(last + 1, statement + "\n")
    return "".join(lines)


def add_to_all(text: str, name: str) -> str:
    match = re.search(r"^__all__ = \[([^\]]*)\]$", text, re.MULTILINE)
    if match is None:
        return text
    names = [n.strip().strip("\"'") for n in match.group(1).split(",") if n.strip()]
    if name in names:
        return text
    listed = ", ".join(f'"{n}"' for n in sorted({*names, name}))
    return text[: match.start()] + f"__all__ = [{listed}]" + text[match.end() :]


def add_include(text: str, module_name: str, *, app_var: str | None = None) -> str:
    """`<router>.include_router(<module_name>.router…)` after the last such call, copying
    its receiver, indentation and keyword arguments (`app_var` picks the receiver)."""
    if re.search(rf"\.include_router\(\s*{module_name}\.router\b", text):
        return text
    calls = list(re.finditer(r"^(\s*)(\w+)\.include_router\(([\w.]+)(.*)\)\n", text, re.MULTILINE))
    if app_var is not None:
        calls = [c for c in calls if c.group(2) == app_var] or calls
    else:
        calls = [c for c in calls if c.group(3).endswith(".router")] or calls
    if not calls:
        raise LayoutError("no `.include_router(...)` call to copy")
    last = calls[-1]
    indent, receiver, kwargs = last.group(1), app_var or last.group(2), last.group(4)
    kwargs = "" if app_var is not None else kwargs
    call = f"{indent}{receiver}.include_router({module_name}.router{kwargs})\n"
    return text[: last.end()] + call + text[last.end() :]


def insert_in_block(text: str, header: str, lines: list[str], *, closing: str | None = None) -> str:
    """Insert `lines` at the end of the block opened by the line starting with `header`:
    after its last annotated statement (Python) or before `closing` (TypeScript)."""
    rows = text.splitlines(keepends=True)
    start = next((i for i, row in enumerate(rows) if row.startswith(header)), None)
    if start is None:
        raise LayoutError(f"no block starting with {header!r} to add to")
    end = _block_end(rows, start, closing)
    at = end if closing is not None else _after_last_field(rows, start, end)
    return "".join([*rows[:at], *(line + "\n" for line in lines), *rows[at:]])


def _block_end(rows: list[str], start: int, closing: str | None) -> int:
    for i in range(start + 1, len(rows)):
        row = rows[i]
        if closing is not None and row.rstrip() == closing:
            return i
        if closing is None and row.strip() and not row[0].isspace() and row[0] not in ")]}":
            return i
    return len(rows)


def _after_last_field(rows: list[str], start: int, end: int) -> int:
    """The row after the last `name: T` statement of the class (multi-line ones whole);
    the end of the class body when it has none."""
    found, i = None, start + 1
    while i < end:
        if re.match(r"^    \w+\s*:", rows[i]):
            depth, j = _depth(rows[i]), i
            while depth > 0 and j + 1 < end:
                j += 1
                depth += _depth(rows[j])
            found, i = j + 1, j + 1
        else:
            i += 1
    at = found if found is not None else end
    while found is None and at > start + 1 and not rows[at - 1].strip():
        at -= 1
    return at


def _depth(row: str) -> int:
    return sum(row.count(c) for c in "([{") - sum(row.count(c) for c in ")]}")


def add_constructor_keywords(text: str, cls: str, names: list[str]) -> str:
    """``cls(a=data.a, …)`` gets ``name=data.name`` for each of `names` it lacks.

    Only calls that already copy a keyword from an object of the same name
    (``email=data.email``) are changed, and with that object: a call built from literals
    (a test's fixture) or from other sources is left as it is.
    """
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text
    data = text.encode("utf-8")  # the parser's column offsets count bytes
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    inserts: list[tuple[int, bytes]] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _called_name(call.func) != cls:
            continue
        source = _copied_from(call)
        missing = [n for n in names if n not in {k.arg for k in call.keywords}]
        if source is None or not missing:
            continue
        last = call.keywords[-1].value
        at = starts[(last.end_lineno or 1) - 1] + (last.end_col_offset or 0)
        inserts.append((at, "".join(f", {n}={source}.{n}" for n in missing).encode()))
    for at, added in sorted(inserts, reverse=True):
        data = data[:at] + added + data[at:]
    return data.decode("utf-8")


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _copied_from(call: ast.Call) -> str | None:
    """``data`` when some keyword reads ``k=data.k``."""
    for keyword in call.keywords:
        value = keyword.value
        if (
            isinstance(value, ast.Attribute)
            and isinstance(value.value, ast.Name)
            and value.attr == keyword.arg
        ):
            return value.value.id
    return None
