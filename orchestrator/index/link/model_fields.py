"""One class attribute as a pydantic field, a table column or a relationship.

Columns follow SQLAlchemy's defaults: a ``Column(...)`` is nullable unless it is a primary
key or says ``nullable=False``; a ``mapped_column`` (or a bare ``Mapped[...]``) is nullable
exactly when its ``Mapped`` type admits None; an explicit ``nullable=`` always wins.
SQLModel fields follow the same rule as ``mapped_column``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orchestrator.index.facts import Column, Relationship, SchemaField
from orchestrator.index.python.annotations import admits_none, class_names, literal, mapped_inner
from orchestrator.index.python.module_facts import Attr

_RELATIONSHIPS = frozenset({"relationship", "Relationship", "relation"})
_NOT_COLUMNS = frozenset(
    {
        "column_property",
        "synonym",
        "deferred",
        "query_expression",
        "association_proxy",
        "composite",
        "hybrid_property",
    }
)
_COLUMN_CALLS = frozenset({"mapped_column", "Column"})
_NOT_TYPES = ("ForeignKey(", "Sequence(", "Identity(", "Computed(", "CheckConstraint(")
_WRAPPERS = frozenset(
    {"Mapped", "WriteOnlyMapped", "DynamicMapped", "Optional", "List", "Set", "Union", "Dict"}
)
_FIELD_META = frozenset(
    {
        "default",
        "default_factory",
        "alias",
        "serialization_alias",
        "validation_alias",
        "description",
        "title",
        "examples",
        "json_schema_extra",
        "exclude",
        "repr",
        # SQLModel's column options: facts of the table, not constraints of the schema
        "primary_key",
        "foreign_key",
        "index",
        "unique",
        "nullable",
        "sa_column",
        "sa_type",
        "sa_column_kwargs",
        "ondelete",
    }
)


@dataclass(slots=True)
class OwnedAttr:
    """An attribute with the class and file that define it: what a field or a column is
    made of once a class's bases are merged (`link.classes.ClassLinker.attrs`)."""

    attr: Attr
    owner: str
    file: str


def schema_field(attr: Attr, owner: str, file: str, class_name: str) -> SchemaField | None:
    """A pydantic field, or None for class variables, private names and relationships."""
    annotation = attr.annotation
    if annotation is None or attr.name.startswith("_") or attr.call in _RELATIONSHIPS:
        return None
    if annotation.startswith(("ClassVar", "typing.ClassVar")) or attr.name == "model_config":
        return None
    required, default = _field_default(attr)
    constraints: dict[str, str] = {}
    alias = None
    if attr.call == "Field" and attr.kwargs:
        kwargs = attr.kwargs
        constraints = {k: v for k, v in kwargs.items() if k not in _FIELD_META}
        alias = literal(kwargs.get("serialization_alias") or kwargs.get("alias"))
    # positional: keyword arguments cost three times as much, for every field
    return SchemaField(
        attr.name,
        annotation,  # type
        required,
        default,
        constraints,
        alias if isinstance(alias, str) else None,
        file,
        attr.line,
        None if owner == class_name else owner,  # inherited_from
    )


def _field_default(attr: Attr) -> tuple[bool, str | None]:
    if attr.value is None:
        return True, None
    if attr.call != "Field":
        return False, attr.value
    default = attr.args[0] if attr.args else attr.kwargs.get("default")
    if default is not None and default != "...":
        return False, default
    if "default_factory" in attr.kwargs:
        return False, attr.kwargs["default_factory"] + "()"
    return True, None


def model_parts(
    attrs: Iterable[OwnedAttr], kind: str, class_name: str
) -> tuple[list[Column], list[Relationship]]:
    columns: list[Column] = []
    relationships: list[Relationship] = []
    for owned in attrs:
        attr, inherited = owned.attr, None if owned.owner == class_name else owned.owner
        if attr.call in _RELATIONSHIPS:
            relationships.append(_relationship(attr, owned.file))
        elif kind == "sqlmodel" and _is_sqlmodel_column(attr):
            columns.append(_sqlmodel_column(attr, owned.file, inherited))
        elif kind == "sqlalchemy" and _is_sqla_column(attr):
            columns.append(_sqla_column(attr, owned.file, inherited))
    return columns, relationships


def _is_sqla_column(attr: Attr) -> bool:
    if attr.call in _COLUMN_CALLS:
        return True
    annotation = attr.annotation or ""
    return annotation.startswith("Mapped[") and attr.call not in _NOT_COLUMNS and attr.value is None


def _is_sqlmodel_column(attr: Attr) -> bool:
    annotation = attr.annotation or ""
    return bool(annotation) and not attr.name.startswith("_") and "ClassVar" not in annotation


def _sqla_column(attr: Attr, file: str, inherited: str | None) -> Column:
    kwargs, inner = attr.kwargs, mapped_inner(attr.annotation)
    type_args = (
        [a for a in attr.args if not a.startswith(_NOT_TYPES) and a[:1] not in "'\""]
        if attr.args
        else attr.args  # most columns are bare `Mapped[...]`: no comprehension to run
    )
    primary = _true(kwargs.get("primary_key"))
    if "nullable" in kwargs:
        nullable = _true(kwargs["nullable"])
    elif primary:
        nullable = False
    elif attr.annotation is None:
        nullable = True
    else:
        nullable = admits_none(inner)
    return Column(  # positional, as `schema_field` builds its fields
        attr.first_str or attr.name,  # name
        type_args[0] if type_args else inner,  # type
        nullable,
        primary,  # primary_key
        _true(kwargs.get("unique")),
        _true(kwargs.get("index")),
        attr.foreign_key,
        kwargs.get("default") or kwargs.get("server_default"),
        file,
        attr.line,
        inherited,  # inherited_from
    )


def _sqlmodel_column(attr: Attr, file: str, inherited: str | None) -> Column:
    kwargs = attr.kwargs if attr.call == "Field" else {}
    primary = _true(kwargs.get("primary_key"))
    nullable = (
        _true(kwargs["nullable"])
        if "nullable" in kwargs
        else (not primary and admits_none(attr.annotation))
    )
    _, default = _field_default(attr)
    return Column(  # positional, as `schema_field` builds its fields
        attr.name,
        attr.annotation,  # type
        nullable,
        primary,  # primary_key
        _true(kwargs.get("unique")),
        _true(kwargs.get("index")),
        attr.foreign_key,
        default,
        file,
        attr.line,
        inherited,  # inherited_from
    )


def _relationship(attr: Attr, file: str) -> Relationship:
    names = class_names(attr.annotation, _WRAPPERS)
    first = attr.args[0] if attr.args else None
    target = attr.first_str or (first if first and first.isidentifier() else None)
    annotation = attr.annotation or ""
    many = annotation.startswith(("Mapped[list", "Mapped[List", "Mapped[set", "list", "List"))
    return Relationship(
        name=attr.name,
        target=target or (names[0] if names else "?"),
        back_populates=literal(attr.kwargs.get("back_populates"))
        if "back_populates" in attr.kwargs
        else None,
        many=many or _true(attr.kwargs.get("uselist")),
        file=file,
        line=attr.line,
    )


def _true(text: str | None) -> bool:
    return text == "True"
