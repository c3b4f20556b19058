"""The columns and relations of a Tortoise ORM model, from its `fields.*Field(...)`.

`fields.IntField(pk=True)` is a column (`pk`, `null`, `unique`, `db_index`, `default` as
Tortoise names them); `fields.ForeignKeyField("models.Users")` and `OneToOneField` are a
relation and the `<name>_id` column that holds it; `ManyToManyField` is a relation only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from orchestrator.index.facts import Column, Relationship

if TYPE_CHECKING:
    from orchestrator.index.link.model_fields import OwnedAttr

TORTOISE_MODEL = frozenset({"tortoise.models.Model", "tortoise.Model"})
_HOLDS_A_KEY = frozenset({"ForeignKeyField", "OneToOneField"})
_RELATIONS = _HOLDS_A_KEY | {"ManyToManyField"}


def tortoise_parts(
    attrs: Iterable[OwnedAttr], class_name: str, tables: dict[str, str]
) -> tuple[list[Column], list[Relationship]]:
    """`tables`: the table of each model class by name, for the foreign keys' targets."""
    columns: list[Column] = []
    relationships: list[Relationship] = []
    for owned in attrs:
        attr, inherited = owned.attr, None if owned.owner == class_name else owned.owner
        call = attr.call or ""
        if not call.endswith("Field") or attr.name.startswith("_"):
            continue
        if call not in _RELATIONS:
            columns.append(_column(owned, attr.name, call, inherited))
            continue
        target = (attr.first_str or "?").rpartition(".")[2]  # "models.Users"
        many = call == "ManyToManyField"
        relationships.append(Relationship(attr.name, target, None, many, owned.file, attr.line))
        if call in _HOLDS_A_KEY:
            key = f"{tables.get(target, target.lower())}.id"
            columns.append(_column(owned, f"{attr.name}_id", call, inherited, key))
    return columns, relationships


def _column(
    owned: OwnedAttr, name: str, call: str, inherited: str | None, foreign_key: str | None = None
) -> Column:
    kwargs = owned.attr.kwargs
    return Column(
        name=name,
        type=call,
        nullable=kwargs.get("null") == "True",
        primary_key=kwargs.get("pk") == "True" or kwargs.get("primary_key") == "True",
        unique=kwargs.get("unique") == "True",
        index=kwargs.get("db_index") == "True" or kwargs.get("index") == "True",
        foreign_key=foreign_key,
        default=kwargs.get("default"),
        file=owned.file,
        line=owned.attr.line,
        inherited_from=inherited,
    )
