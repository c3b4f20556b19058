"""One Python file into `ModuleFacts`, by walking the statements that can hold facts.

Only module-level statements, the bodies of ``if``/``try``/``with`` blocks and the bodies
of top-level functions (application factories) are visited, never every node: the cost
stays close to ``ast.parse`` itself.
"""

from __future__ import annotations

import ast

from orchestrator.index.python.classes import class_facts, core_table
from orchestrator.index.python.endpoints import (
    added_route,
    annotated_alias,
    bound_dependency,
    decorated_handlers,
    inclusion,
    parameters,
    router_def,
)
from orchestrator.index.python.module_facts import (
    Dep,
    ModuleFacts,
    RawParam,
    Revision,
    module_name,
)
from orchestrator.index.python.newer_syntax import parse_module
from orchestrator.index.python.source_text import (
    SourceText,
    dotted_name,
    last_segment,
    string_value,
)

SECURITY_SCHEMES = frozenset(
    {
        "OAuth2PasswordBearer",
        "OAuth2AuthorizationCodeBearer",
        "OAuth2",
        "HTTPBearer",
        "HTTPBasic",
        "HTTPDigest",
        "APIKeyHeader",
        "APIKeyQuery",
        "APIKeyCookie",
        "OpenIdConnect",
    }
)
_BASE_FACTORIES = frozenset({"declarative_base", "generate_base"})
_BASE_DECORATORS = frozenset({"as_declarative", "as_declarative_base"})
_BLOCKS = frozenset({ast.If, ast.Try, ast.With, ast.AsyncWith})
_FUNCTIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef})
_TABLE_CALLS = (b"create_table", b"drop_table")  # what `_tables_changed` looks for
Function = ast.FunctionDef | ast.AsyncFunctionDef


def parse_python(data: bytes, rel_path: str) -> ModuleFacts:
    """Raises SyntaxError (with ``lineno``) when the file is not valid Python, even for a
    newer interpreter than this one (`newer_syntax`)."""
    tree = parse_module(data, rel_path)
    facts = ModuleFacts(
        module=module_name(rel_path),
        uses_fastapi=b"fastapi" in data,
        imports={},
        routers=[],
        inclusions=[],
        handlers=[],
        functions={},
        aliases={},
        schemes=[],
        returns={},
        return_types={},
        constants={},
        assigns={},
        declarative_bases=[],
        classes=[],
        revision=None,
    )
    scanner = _Scanner(facts, SourceText(data), rel_path.endswith("__init__.py"))
    scanner.scan(tree.body, top=True)
    facts.revision = _revision(tree, data)
    return facts


class _Scanner:
    def __init__(self, facts: ModuleFacts, src: SourceText, is_package: bool) -> None:
        self.facts, self.src, self.is_package = facts, src, is_package
        self.functions: dict[str, Function] = {}

    def scan(self, body: list[ast.stmt], *, top: bool) -> None:
        functions = [s for s in body if type(s) in _FUNCTIONS]
        self.functions.update({f.name: f for f in functions})  # type: ignore[attr-defined]
        for statement in body:
            self.statement(statement, top=top)

    def statement(self, node: ast.stmt, *, top: bool) -> None:
        kind = type(node)  # the parser makes no subclasses: exact types dispatch faster
        if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            self.function(node, top=top)  # type: ignore[arg-type]
        elif kind is ast.Import or kind is ast.ImportFrom:
            self.imports(node)  # type: ignore[arg-type]
        elif kind is ast.Assign or kind is ast.AnnAssign:
            self.assignment(node, top=top)  # type: ignore[arg-type]
        elif kind is ast.Expr:
            if type(node.value) is ast.Call:  # type: ignore[attr-defined]
                self.call(node.value)  # type: ignore[attr-defined]
        elif kind is ast.ClassDef:
            if top:
                self.facts.classes.append(class_facts(node, self.src))  # type: ignore[arg-type]
                if _declares_a_base(node):  # type: ignore[arg-type]
                    self.facts.declarative_bases.append(node.name)  # type: ignore[attr-defined]
                self.methods(node)  # type: ignore[arg-type]
                self.callable_class(node)  # type: ignore[arg-type]
        elif kind in _BLOCKS:
            self.block(node, top=top)  # type: ignore[arg-type]

    def block(self, node: ast.If | ast.Try | ast.With | ast.AsyncWith, *, top: bool) -> None:
        bodies = [node.body, getattr(node, "orelse", []), getattr(node, "finalbody", [])]
        bodies += [h.body for h in getattr(node, "handlers", [])]
        for body in bodies:
            self.scan(body, top=top)

    def function(self, node: Function, *, top: bool) -> None:
        params = parameters(node.args, self.src)
        if node.decorator_list:
            self.facts.handlers.extend(decorated_handlers(node, params, self.src))
        deps = _dependencies_of(params)
        if deps:
            self.facts.functions[node.name] = deps
        if top:
            if not node.name.startswith("test"):  # what a test declares is the test's own
                self.scan(node.body, top=False)
            returned = _returned_name(node)
            if returned is not None:
                self.facts.returns[node.name] = returned
            if node.returns is not None:
                self.facts.return_types[node.name] = self.src.of(node.returns) or ""

    def callable_class(self, node: ast.ClassDef) -> None:
        """A class whose instances are dependencies (``Depends(ProjectMember())``): what its
        ``__call__`` depends on is what the class depends on."""
        call = next((f for f in node.body if type(f) in _FUNCTIONS
                     and f.name == "__call__"), None)  # type: ignore[attr-defined]  # fmt: skip
        if call is None or node.name in self.facts.functions:
            return
        deps = _dependencies_of(parameters(call.args, self.src))  # type: ignore[attr-defined]
        if deps:
            self.facts.functions[node.name] = deps

    def methods(self, node: ast.ClassDef) -> None:
        """Endpoints declared on a class's methods (class-based views: ``@router.get`` on a
        method, the class then handed to a decorator such as ``@cbv(router)``). Only routers
        this module binds above the class count: ``@mock.patch`` on a test method is no route.
        """
        routers = {r.name for r in self.facts.routers}
        for item in node.body:
            if type(item) in _FUNCTIONS and item.decorator_list:  # type: ignore[attr-defined]
                params = parameters(item.args, self.src)  # type: ignore[attr-defined]
                found = decorated_handlers(item, params, self.src)  # type: ignore[arg-type]
                for handler in found:
                    if handler.owner in routers:
                        handler.view = node.name
                        self.facts.handlers.append(handler)

    def call(self, call: ast.Call) -> None:
        included = inclusion(call, self.src)
        if included is not None:
            self.facts.inclusions.append(included)
            return
        added = added_route(call, self.functions, self.src)
        if added is not None:
            self.facts.handlers.append(added)

    def assignment(self, node: ast.Assign | ast.AnnAssign, *, top: bool = True) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not all(type(t) is ast.Name for t in targets) or node.value is None:
            return
        # `users_router = r = APIRouter()`: one object, bound to the last name; the others
        # refer to it, so routes declared on `r` are included through `users_router`.
        name, value = targets[-1].id, node.value  # type: ignore[attr-defined]
        for other in targets[:-1]:
            self.facts.assigns[other.id] = name  # type: ignore[attr-defined]
        if isinstance(value, ast.Call):
            self.bound_call(name, value, top=top)
        elif isinstance(value, ast.Subscript):
            alias = annotated_alias(name, value, self.src)
            if alias is not None:
                self.facts.aliases[name] = alias
        elif dotted_name(value) is not None:
            self.facts.assigns[name] = dotted_name(value) or ""
        elif string_value(value) is not None:
            self.facts.constants[name] = string_value(value) or ""

    def bound_call(self, name: str, value: ast.Call, *, top: bool = True) -> None:
        router = router_def(name, value, self.src)
        callee = dotted_name(value.func)
        called = last_segment(callee)
        if router is not None:
            self.facts.routers.append(router)
        elif called in SECURITY_SCHEMES:
            self.facts.schemes.append(name)
        elif called in _BASE_FACTORIES:
            self.facts.declarative_bases.append(name)
        elif (bound := bound_dependency(name, value, self.src)) is not None:
            self.facts.aliases[name] = bound
        elif callee is not None:
            self.facts.assigns[name] = callee + "()"
        if top and called == "Table" and (table := core_table(name, value, self.src)):
            self.facts.classes.append(table)  # a Core table: linked as a mapped class is

    def imports(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.facts.imports[alias.asname] = [alias.name, None]
                else:
                    head = alias.name.partition(".")[0]
                    self.facts.imports[head] = [head, None]
            return
        base = self.absolute(node.module, node.level)
        for alias in node.names:
            if alias.name == "*":  # ``from .deps import *``: keyed so no name can clash
                self.facts.imports[f"*{base}"] = [base, "*"]
            else:
                self.facts.imports[alias.asname or alias.name] = [base, alias.name]

    def absolute(self, module: str | None, level: int) -> str:
        if level == 0:
            return module or ""
        parts = self.facts.module.split(".") if self.facts.module else []
        drop = level - 1 if self.is_package else level
        parts = parts[: len(parts) - drop] if drop else parts
        return ".".join([*parts, module] if module else parts)


def _dependencies_of(params: list[RawParam]) -> list[Dep]:
    """The dependencies a callable's parameters declare (``Depends``/``Security``, or an
    annotation that may be an ``Annotated`` alias of one)."""
    deps: list[Dep] = []
    for param in params:
        if param.deps:
            deps += param.deps
        elif _may_be_alias(param.annotation, param.marker):
            deps.append(Dep(param.annotation, "annotation"))
        elif param.marker is None and _may_be_alias(param.default, None):
            deps.append(Dep(param.default, "annotation"))  # `token: str = DependsJwtAuth`
    return deps


def _may_be_alias(annotation: str | None, marker: str | None) -> bool:
    """``user: CurrentUser``: a capitalised plain name may be an ``Annotated`` alias."""
    return (
        marker is None
        and bool(annotation)
        and annotation[0].isupper()
        and annotation.isidentifier()
    )


def _returned_name(func: Function) -> str | None:
    for statement in reversed(func.body):
        if isinstance(statement, ast.Return) and statement.value is not None:
            return dotted_name(statement.value)
    return None


def _revision(tree: ast.Module, data: bytes) -> Revision | None:
    if not _may_name(data, b"down_revision"):
        return None  # the common case: no module-level walk for a module that is no revision
    values: dict[str, ast.expr] = {}
    lines: dict[str, int] = {}
    for node in tree.body:
        target = _single_target(node)
        if target in ("revision", "down_revision") and node.value is not None:  # type: ignore[union-attr]
            values[target], lines[target] = node.value, node.lineno  # type: ignore[union-attr]
    revision = string_value(values.get("revision"))
    if revision is None or "down_revision" not in values:
        return None
    docstring = ast.get_docstring(tree)
    message = docstring.strip().splitlines()[0] if docstring and docstring.strip() else None
    created, dropped = _tables_changed(tree) if _may_name(data, *_TABLE_CALLS) else ([], [])
    down = _down(values["down_revision"])
    return Revision(revision, down, message, lines["revision"], created, dropped)


def _may_name(data: bytes, *names: bytes) -> bool:
    """Whether the source may use one of the identifiers `names`: an ASCII source names only
    what it spells out; any other may spell one with letters Python folds to ASCII (NFKC)."""
    return not data.isascii() or any(name in data for name in names)


def _tables_changed(tree: ast.Module) -> tuple[list[str], list[str]]:
    """The tables a revision creates and drops on its way up: every `op.create_table("t")`
    and `op.drop_table("t")` but those of `downgrade` (helpers `upgrade` calls count)."""
    found: dict[str, list[str]] = {name.decode(): [] for name in _TABLE_CALLS}
    for statement in tree.body:
        if type(statement) in _FUNCTIONS and statement.name == "downgrade":  # type: ignore[attr-defined]
            continue
        for node in ast.walk(statement):
            if type(node) is ast.Call and node.args:  # type: ignore[attr-defined]
                called = last_segment(dotted_name(node.func))  # type: ignore[attr-defined]
                table = string_value(node.args[0])  # type: ignore[attr-defined]
                if called in found and table:
                    found[called].append(table)
    return found["create_table"], found["drop_table"]


def _single_target(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
    elif isinstance(node, ast.AnnAssign):
        target = node.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def _down(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Tuple | ast.List):
        return [v for v in (string_value(e) for e in node.elts) if v]
    value = string_value(node)
    return [value] if value else []


def _declares_a_base(node: ast.ClassDef) -> bool:
    """``@as_declarative()`` (or a registry's ``as_declarative_base()``) above a class makes
    it the declarative base, as ``declarative_base()`` would."""
    for decorator in node.decorator_list:
        target = decorator.func if type(decorator) is ast.Call else decorator
        if last_segment(dotted_name(target)) in _BASE_DECORATORS:
            return True
    return False
