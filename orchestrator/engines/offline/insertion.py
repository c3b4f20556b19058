"""Idempotent insertions into files a person wrote: an import, a name, a call, a field.

Python is read through its syntax tree (`ast`, whose positions are exact) and edited by
splicing text at those positions, so everything else in the file — formatting, comments,
parentheses — stays byte for byte: a parenthesised, multi-line import gets the new name
on a line of its own. A file that does not parse is never edited (`LayoutError`).
TypeScript blocks are edited by lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence

from orchestrator.engines.offline.layout import LayoutError


def add_import(text: str, module: str, name: str) -> str:
    """`from module import name`, merged into an existing top-level import of `module`."""
    source = _Source(text)
    for statement in source.tree.body:
        if not _imports_from(statement, module):
            continue
        assert isinstance(statement, ast.ImportFrom)
        bound = [a.asname or a.name for a in statement.names]
        if "*" in bound or name in bound:
            return text
        at = _sorted_at([a.name for a in statement.names], name, _import_order)
        return _with_item(source, statement.names, at, name, statement.lineno)
    line = f"from {module} import {name}\n"
    return source.insert_lines(_after_imports(source.tree), [line])


def add_to_all(text: str, name: str) -> str:
    """`name` added, in order, to a top-level `__all__ = [...]` list of strings."""
    source = _Source(text)
    listed = next((found for s in source.tree.body if (found := _all_list(s)) is not None), None)
    if listed is None:
        return text
    names = [e.value for e in listed.elts if isinstance(e, ast.Constant)]
    if (
        name in names
        or len(names) != len(listed.elts)
        or not all(isinstance(n, str) for n in names)
    ):
        return text
    quote = source.segment(listed.elts[0])[:1] if listed.elts else '"'
    at = _sorted_at([str(n) for n in names], name, str)
    return _with_item(source, listed.elts, at, f"{quote}{name}{quote}", listed.lineno)


def add_include(text: str, module_name: str, *, app_var: str | None = None) -> str:
    """`<router>.include_router(<module_name>.router…)` after the last such call, copying
    its receiver, indentation and keyword arguments (`app_var` picks the receiver)."""
    source = _Source(text)
    wanted = f"{module_name}.router"
    if any(_is_include(node) and _full_name(node.args[0]) == wanted for node in _calls(source)):
        return text
    calls = _include_statements(source.tree)
    if app_var is not None:
        calls = [c for c in calls if _receiver(c) == app_var] or calls
    else:
        calls = [c for c in calls if _includes_a_router(c)] or calls
    if not calls:
        raise LayoutError("no `.include_router(...)` call to copy")
    statement = calls[-1]
    added = _include_like(source, statement, wanted, app_var)
    indent = " " * statement.col_offset
    return source.insert_lines((statement.end_lineno or statement.lineno), [indent + added + "\n"])


def insert_in_block(text: str, header: str, lines: list[str], *, closing: str | None = None) -> str:
    """Insert `lines` at the end of the block opened by the line starting with `header`:
    after its last annotated statement (a Python class, `class Name(`) or before
    `closing` (TypeScript)."""
    if closing is None:
        return _add_to_class(text, header, lines)
    rows = text.splitlines(keepends=True)
    start = next((i for i, row in enumerate(rows) if row.startswith(header)), None)
    if start is None:
        raise LayoutError(f"no block starting with {header!r} to add to")
    end = next((i for i in range(start + 1, len(rows)) if rows[i].rstrip() == closing), len(rows))
    return "".join([*rows[:end], *(line + "\n" for line in lines), *rows[end:]])


class UnparsablePython(LayoutError):
    """The file to edit does not parse as Python, so it is not edited."""

    def __init__(self, line: int, reason: str, *, path: str | None = None) -> None:
        self.line, self.reason = line, reason
        where = f"{path}:{line}: " if path else ""
        super().__init__(
            f"{where}the file to edit does not parse as Python (line {line}: {reason}); "
            "it is left as it is",
            hint="fix the file by hand, then run the command again",
        )

    def naming(self, path: str) -> UnparsablePython:
        """The same refusal, naming the file (the edits see only its text)."""
        return UnparsablePython(self.line, self.reason, path=path)


class _Source:
    """A Python file's text and syntax tree, with the tree's positions mapped to text."""

    def __init__(self, text: str) -> None:
        try:
            self.tree = ast.parse(text)
        except SyntaxError as exc:
            raise UnparsablePython(exc.lineno or 1, exc.msg) from exc
        self.text = text
        self.rows = _rows(text)

    def offset(self, lineno: int, col: int) -> int:
        """The text index of a tree position (its column counts UTF-8 bytes)."""
        before = sum(len(row) for row in self.rows[: lineno - 1])
        row = self.rows[lineno - 1] if lineno <= len(self.rows) else ""
        return before + len(row.encode("utf-8")[:col].decode("utf-8", errors="ignore"))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        return self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]

    def indent_of(self, node: ast.AST) -> str:
        row = self.rows[node.lineno - 1]  # type: ignore[attr-defined]
        return row[: len(row) - len(row.lstrip())]

    def insert(self, at: int, added: str) -> str:
        return self.text[:at] + added + self.text[at:]

    def insert_lines(self, after_line: int, lines: list[str]) -> str:
        """`lines` (each ending in a newline) after row `after_line` (0: at the top)."""
        head = "".join(self.rows[:after_line])
        if head and not head.endswith("\n"):
            head += "\n"
        return head + "".join(lines) + "".join(self.rows[after_line:])


def _rows(text: str) -> list[str]:
    """The text's rows as the parser numbers them: split at newlines only (a form feed
    or a line separator inside a row does not start a new one)."""
    rows = [row + "\n" for row in text.split("\n")]
    rows[-1] = rows[-1][:-1]
    return rows if rows[-1] else rows[:-1]


def _with_item(source: _Source, items: Sequence[ast.AST], at: int, new: str, opened: int) -> str:
    """`new` into a comma-separated list at `at`, laid out as the list already is: one
    item a line (its own line, the same indentation) or all on one line."""
    if not items:
        raise LayoutError("an empty list to add to; edit it by hand")
    rows = [item.lineno for item in items]  # type: ignore[attr-defined]
    one_a_line = rows[0] > opened and len(set(rows)) == len(rows)
    if not one_a_line:
        if at < len(items):
            return source.insert(source.start(items[at]), f"{new}, ")
        return source.insert(source.end(items[-1]), f", {new}")
    indent = source.indent_of(items[0])
    if at < len(items):
        return source.insert_lines(items[at].lineno - 1, [f"{indent}{new},\n"])  # type: ignore[attr-defined]
    last = items[-1]
    after = source.end(last)
    if not source.text[after:].lstrip(" ").startswith(","):
        return source.insert(after, f",\n{indent}{new}")
    return source.insert_lines(last.end_lineno, [f"{indent}{new},\n"])  # type: ignore[attr-defined]


def _imports_from(statement: ast.stmt, module: str) -> bool:
    return (
        isinstance(statement, ast.ImportFrom) and not statement.level and statement.module == module
    )


def _import_order(name: str) -> tuple[bool, str]:
    return name[:1].islower(), name


def _sorted_at(names: list[str], name: str, key: Callable[[str], object]) -> int:
    """Where `name` goes: in order when the names are in order, else at the end."""
    keys = [key(n) for n in names]
    if keys != sorted(keys):  # type: ignore[type-var]
        return len(names)
    return sum(1 for k in keys if k < key(name))  # type: ignore[operator]


def _after_imports(tree: ast.Module) -> int:
    """The row after the last top-level import (after the docstring when there is none)."""
    imports = [s for s in tree.body if isinstance(s, ast.Import | ast.ImportFrom)]
    if imports:
        return imports[-1].end_lineno or imports[-1].lineno
    if tree.body and _is_docstring(tree.body[0]):
        return tree.body[0].end_lineno or 1
    return 0


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _all_list(statement: ast.stmt) -> ast.List | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target, value = statement.targets[0], statement.value
    elif isinstance(statement, ast.AnnAssign):
        target, value = statement.target, statement.value
    else:
        return None
    named_all = isinstance(target, ast.Name) and target.id == "__all__"
    return value if named_all and isinstance(value, ast.List) else None


def _calls(source: _Source) -> list[ast.Call]:
    return [node for node in ast.walk(source.tree) if isinstance(node, ast.Call)]


def _include_statements(tree: ast.Module) -> list[ast.Call]:
    """Every call that is a whole statement `x.include_router(...)`, in file order. Calls
    under an ``if`` (a router only included in development) count only when there is no
    other."""
    found: list[tuple[ast.Call, bool]] = []

    def visit(node: ast.AST, conditional: bool) -> None:
        for child in ast.iter_child_nodes(node):
            call = child.value if isinstance(child, ast.Expr) else None
            if isinstance(call, ast.Call) and _is_include(call) and _receiver(call):
                found.append((call, conditional))
            visit(child, conditional or isinstance(child, ast.If))

    visit(tree, False)
    always = [call for call, conditional in found if not conditional]
    return sorted(always or [call for call, _ in found], key=lambda c: (c.lineno, c.col_offset))


def _is_include(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "include_router" and bool(call.args)


def _receiver(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return None


def _includes_a_router(call: ast.Call) -> bool:
    first = call.args[0]
    return isinstance(first, ast.Attribute) and first.attr == "router"


def _full_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        owner = _full_name(node.value)
        return f"{owner}.{node.attr}" if owner else None
    return None


def _include_like(source: _Source, call: ast.Call, router: str, app_var: str | None) -> str:
    """A copy of `call`'s text including `router` (on `app_var`, without keywords)."""
    if app_var is not None:
        return f"{app_var}.include_router({router})"
    text = source.segment(call)
    first = source.start(call.args[0]) - source.start(call)
    return text[:first] + router + text[first + len(source.segment(call.args[0])) :]


def _add_to_class(text: str, header: str, lines: list[str]) -> str:
    """`lines` after the last annotated statement of the top-level class `header` names
    (`class Post(`), or at the end of its body when it has none."""
    name = re.match(r"class (\w+)", header)
    source = _Source(text)
    cls = next(
        (s for s in source.tree.body if isinstance(s, ast.ClassDef) and name and s.name == name[1]),
        None,
    )
    if cls is None or cls.body[0].lineno == cls.lineno:
        raise LayoutError(f"no block starting with {header!r} to add to")
    for line in lines:
        _check_statement(line)
    fields = [s for s in cls.body if isinstance(s, ast.AnnAssign)]
    anchor = fields[-1] if fields else cls.body[-1]
    indent = source.indent_of(cls.body[0])
    added = [f"{indent}{line.strip()}\n" for line in lines]
    return source.insert_lines(anchor.end_lineno or anchor.lineno, added)


def _check_statement(line: str) -> None:
    try:
        ast.parse(line.strip())
    except SyntaxError as exc:
        raise LayoutError(f"the line to add is not a Python statement: {line.strip()!r}") from exc


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


def merge_module(text: str, addition: str) -> str:
    """`addition`'s imports and top-level classes and functions, added to the module `text`
    where it lacks them: each ``from m import n`` through `add_import`, each ``import m``
    once, each definition it does not define yet at the end, in `addition`'s order."""
    extra = _Source(addition)
    defined = {s.name for s in _Source(text).tree.body if isinstance(s, _DEFINITIONS)}
    plain: list[str] = []
    for statement in extra.tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module != "__future__":
            # __future__ is the module's own choice; the added code runs either way
            for alias in statement.names:
                if alias.name != "*":
                    text = add_import(text, statement.module or "", alias.name)
        elif isinstance(statement, ast.Import) and not _imports_module(text, statement):
            plain.append(extra.segment(statement) + "\n")
    added = [
        _rows_of(extra, s)
        for s in extra.tree.body
        if isinstance(s, _DEFINITIONS) and s.name not in defined
    ]
    if not plain and not added:
        return text
    source = _Source(text)
    if plain:
        text = source.insert_lines(_after_imports(source.tree), plain)
    if added:
        text = (text if text.endswith("\n") or not text else text + "\n") + "".join(
            f"\n\n{block}" for block in added
        )
    return text


_DEFINITIONS = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def _rows_of(source: _Source, node: ast.stmt) -> str:
    """The whole rows a top-level definition spans, its decorators included."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    block = "".join(source.rows[first - 1 : node.end_lineno])
    return block if block.endswith("\n") else block + "\n"


def _imports_module(text: str, statement: ast.Import) -> bool:
    """Whether `text` already binds every name `statement` does (``import x as y`` binds
    ``y``, not ``x``)."""
    present = {
        (alias.name, alias.asname)
        for s in _Source(text).tree.body
        if isinstance(s, ast.Import)
        for alias in s.names
    }
    return all((alias.name, alias.asname) in present for alias in statement.names)
