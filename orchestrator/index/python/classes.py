"""Class bodies as data: annotated attributes, the calls that build them, validators.

The same record serves pydantic fields, SQLModel fields and SQLAlchemy columns, and a
SQLAlchemy Core ``Table(...)`` bound to a name (`core_table`); what a class is (schema,
table, mixin) is decided by the linker once bases are resolved.
"""

from __future__ import annotations

import ast

from orchestrator.index.python.endpoints import init_dependencies, keywords
from orchestrator.index.python.module_facts import Attr, ClassFacts
from orchestrator.index.python.source_text import (
    SourceText,
    dotted_name,
    last_segment,
    string_value,
)

VALIDATORS = frozenset(
    {"field_validator", "model_validator", "validator", "root_validator", "field_serializer"}
)
_CONFIG_CALLS = frozenset({"ConfigDict", "SettingsConfigDict", "dict"})


def class_facts(node: ast.ClassDef, src: SourceText) -> ClassFacts:
    facts = ClassFacts(
        name=node.name,
        line=node.lineno,
        bases=[src.of(b) or "" for b in node.bases],
        keywords={k.arg: src.of(k.value) or "" for k in node.keywords if k.arg},
        attrs=[],
        validators=[],
        tablename=None,
        abstract=False,
        config={},
    )
    for statement in node.body:
        _read_statement(facts, statement, src)
    return facts


def core_table(name: str, call: ast.Call, src: SourceText) -> ClassFacts | None:
    """``users = Table("users", metadata, Column("id", Integer, primary_key=True), ...)``
    (SQLAlchemy Core) as the record of a class naming its table and declaring its columns;
    None for a table it reflects or declares no column of."""
    columns = [
        a for a in call.args[2:]
        if isinstance(a, ast.Call) and last_segment(dotted_name(a.func)) == "Column"
        and a.args and string_value(a.args[0]) is not None
    ]  # fmt: skip
    table = string_value(call.args[0]) if call.args else None
    if table is None or not columns:
        return None
    facts = ClassFacts(name, call.lineno, [], {}, [], [], table, False, {})
    facts.attrs = [_attr(string_value(c.args[0]) or "", None, c, src) for c in columns]
    return facts


def _read_statement(facts: ClassFacts, statement: ast.stmt, src: SourceText) -> None:
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        _read_assignment(facts, statement.target.id, statement.annotation, statement.value, src)
    elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name):
            _read_assignment(facts, target.id, None, statement.value, src)
    elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
        if any(_decorator_name(d) in VALIDATORS for d in statement.decorator_list):
            facts.validators.append(statement.name)
        if statement.name == "__init__" and any("Router" in b for b in facts.bases):
            facts.init_dependencies = init_dependencies(statement, src)  # type: ignore[arg-type]
        if (returned := _declared_attr(statement)) is not None:
            _read_assignment(facts, statement.name, statement.returns, returned, src)
    elif isinstance(statement, ast.ClassDef) and statement.name in ("Config", "Meta"):
        for inner in statement.body:
            if isinstance(inner, ast.Assign) and isinstance(inner.targets[0], ast.Name):
                facts.config[inner.targets[0].id] = src.of(inner.value) or ""


def _read_assignment(
    facts: ClassFacts,
    name: str,
    annotation: ast.expr | None,
    value: ast.expr | None,
    src: SourceText,
) -> None:
    if name == "__tablename__":
        facts.tablename = string_value(value)
    elif name == "__abstract__":
        facts.abstract = isinstance(value, ast.Constant) and value.value is True
    elif name == "model_config" and isinstance(value, ast.Call):
        if last_segment(dotted_name(value.func)) in _CONFIG_CALLS:
            facts.config.update({k: src.of(v) or "" for k, v in keywords(value).items()})
    elif not name.startswith("__"):
        facts.attrs.append(_attr(name, annotation, value, src))


def _attr(name: str, annotation: ast.expr | None, value: ast.expr | None, src: SourceText) -> Attr:
    line = (annotation or value).lineno  # type: ignore[union-attr]
    attr = Attr(name, line, src.of(annotation), src.of(value), None, [], {}, None, None)
    if isinstance(value, ast.Call):
        attr.call = last_segment(dotted_name(value.func))
        attr.args = [src.of(a) or "" for a in value.args]
        attr.kwargs = {k: src.of(v) or "" for k, v in keywords(value).items()}
        attr.first_str = string_value(value.args[0]) if value.args else None
        attr.foreign_key = _foreign_key(value)
    return attr


def _foreign_key(call: ast.Call) -> str | None:
    for arg in call.args:
        if isinstance(arg, ast.Call) and last_segment(dotted_name(arg.func)) == "ForeignKey":
            target = arg.args[0] if arg.args else keywords(arg).get("column")
            return string_value(target) or dotted_name(target) if target is not None else None
    return string_value(keywords(call).get("foreign_key"))


def _declared_attr(func: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Call | None:
    """The call a mixin's ``@declared_attr`` method returns (``return Column(...)``), read as
    an attribute of that name; not a ``@declared_attr.directive`` (``__tablename__``)."""
    if func.name.startswith("__") or not any(
        _decorator_name(d) == "declared_attr" for d in func.decorator_list
    ):
        return None
    body = [
        s for s in func.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    match body:
        case [ast.Return(value=ast.Call() as call)]:
            return call
    return None


def _decorator_name(decorator: ast.expr) -> str | None:
    node = decorator.func if isinstance(decorator, ast.Call) else decorator
    return last_segment(dotted_name(node))
