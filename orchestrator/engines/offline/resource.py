"""A resource an issue asks for, with every name and type the templates need."""

from __future__ import annotations

import re
from dataclasses import dataclass

from project_state.project_file import FieldSpec

SENSITIVE = re.compile(r"password|secret|token|hash|api_key", re.IGNORECASE)
PY_TYPES = {"str": "str", "text": "str", "int": "int", "float": "float", "bool": "bool",
            "datetime": "datetime", "date": "date"}  # fmt: skip
SA_TYPES = {"str": "String", "text": "Text", "int": "Integer", "float": "Float",
            "bool": "Boolean", "datetime": "DateTime", "date": "Date"}  # fmt: skip
SAMPLES = {"str": '"Hello"', "text": '"Some text"', "int": "1", "float": "1.5",
           "bool": "True", "datetime": '"2026-01-02T03:04:05Z"', "date": '"2026-01-02"'}  # fmt: skip


def plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def pascal(word: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[_\W]+", word) if part)


def camel(word: str) -> str:
    name = pascal(word)
    return name[:1].lower() + name[1:]


@dataclass(frozen=True)
class Column:
    """One field of the spec, as a model column, a migration column and a schema field.

    ``uuid_ref``: the column references a table whose key is a UUID, so it holds one too,
    whatever integer type the spec gives it.
    """

    spec: FieldSpec
    uuid_ref: bool = False

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def nullable(self) -> bool:
        return not self.spec.required and self.spec.default is None

    @property
    def py_type(self) -> str:
        return "uuid.UUID" if self.uuid_ref else PY_TYPES[self.spec.type]

    @property
    def sensitive(self) -> bool:
        return bool(SENSITIVE.search(self.name))

    @property
    def annotation(self) -> str:
        return f"{self.py_type} | None" if self.nullable else self.py_type

    @property
    def sa_type(self) -> str:
        """The type argument of `mapped_column` / `sa.Column`, without module prefix."""
        kind = SA_TYPES[self.spec.type]
        if self.spec.type == "str":
            return f"String({self.spec.max_length or 255})"
        return f"{kind}(timezone=True)" if kind == "DateTime" else f"{kind}()"

    @property
    def optional(self) -> bool:
        """Whether a row may be made without it: it has a default or may be NULL."""
        return self.spec.default is not None or self.nullable

    def model_args(self, *, dataclass: bool = False) -> str:
        """``dataclass``: the table is a dataclass, whose optional fields need a default."""
        plain = self.spec.type in ("int", "bool", "date") or self.uuid_ref
        args = [] if plain else [self.sa_type]
        if self.spec.references:
            args.append(f'ForeignKey("{self.spec.references}")')
        if self.spec.default is not None:
            args.append(f"default={self.spec.default!r}")
            if self.spec.type == "bool":
                args.append(f"server_default={str(self.spec.default).lower()}()")
        elif dataclass and self.nullable:
            args.append("default=None")
        return ", ".join(args)

    def migration_args(self) -> str:
        kind = "Uuid()" if self.uuid_ref else self.sa_type.replace("String(", "String(length=")
        args = [f'"{self.name}"', f"sa.{kind}"]
        if self.spec.type == "bool" and self.spec.default is not None:
            args.append(f"server_default=sa.{str(self.spec.default).lower()}()")
        elif self.spec.default is not None:  # existing rows get the default too
            args.append(f"server_default={str(self.spec.default)!r}")
        args.append(f"nullable={self.nullable}")
        return ", ".join(args)

    def sqlmodel_field(self) -> str:
        """The ``Field(...)`` of a SQLModel table column, typed as the migration types it."""
        args = []
        if self.spec.default is not None:
            args.append(f"default={self.spec.default!r}")
        elif not self.spec.required:
            args.append("default=None")
        if self.spec.type == "str":
            args.append(f"max_length={self.spec.max_length or 255}")
        elif self.spec.type in ("text", "datetime"):
            args.append(f"sa_type={self.sa_type.removesuffix('()')}")
        if self.spec.references:
            args.append(f'foreign_key="{self.spec.references}"')
        return f"Field({', '.join(args)})" if args else ""

    def sqlmodel_line(self, *, update: bool = False) -> str:
        """A SQLModel schema's field: a length limit through ``Field``, as SQLModel writes it;
        ``update`` makes it optional (a PATCH body)."""
        limit = self.spec.max_length if self.spec.type == "str" else None
        if self.spec.required and not update:
            return f"{self.name}: {self.py_type}" + (
                f" = Field(max_length={limit})" if limit else ""
            )
        optional = update or self.nullable
        default = "None" if optional else repr(self.spec.default)
        annotation = f"{self.py_type} | None" if optional else self.py_type
        value = f"Field(default={default}, max_length={limit})" if limit else default
        return f"{self.name}: {annotation} = {value}"

    def schema_type(self) -> str:
        if self.spec.max_length and self.spec.type == "str":
            return f"Annotated[str, Field(max_length={self.spec.max_length})]"
        return self.py_type

    def create_line(self) -> str:
        if self.spec.required:
            return f"{self.name}: {self.schema_type()}"
        if self.nullable:
            return f"{self.name}: {self.schema_type()} | None = None"
        return f"{self.name}: {self.schema_type()} = {self.spec.default!r}"

    @property
    def sample(self) -> str:
        return (
            '"00000000-0000-4000-8000-000000000001"' if self.uuid_ref else SAMPLES[self.spec.type]
        )


@dataclass(frozen=True)
class Resource:
    """`post` → Post, posts, post_id, PostCreate… and its columns."""

    name: str
    fields: tuple[FieldSpec, ...] = ()
    uuid_refs: frozenset[str] = frozenset()  # `table.column`s that hold a UUID

    def keyed_by(self, uuid_refs: frozenset[str]) -> Resource:
        """The same resource, knowing which columns it may reference hold UUIDs."""
        return Resource(self.name, self.fields, uuid_refs)

    @property
    def cls(self) -> str:
        return pascal(self.name)

    @property
    def table(self) -> str:
        return plural(self.name)

    @property
    def plural_cls(self) -> str:
        return pascal(self.table)

    @property
    def id_param(self) -> str:
        return f"{self.name}_id"

    @property
    def columns(self) -> list[Column]:
        return [Column(f, f.references in self.uuid_refs) for f in self.fields]

    @property
    def uuid_columns(self) -> bool:
        return any(c.uuid_ref for c in self.columns)

    @property
    def public_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.sensitive]

    def sa_imports(self) -> list[str]:
        names = {
            SA_TYPES[c.spec.type]
            for c in self.columns
            if c.model_args().startswith(SA_TYPES[c.spec.type])
        }
        names |= {"ForeignKey"} if any(c.spec.references for c in self.columns) else set()
        names |= {
            str(c.spec.default).lower()
            for c in self.columns
            if c.spec.type == "bool" and c.spec.default is not None
        }
        return sorted(names, key=lambda n: (n[0].islower(), n))

    def datetime_imports(self) -> list[str]:
        return sorted({c.spec.type for c in self.columns if c.spec.type in ("date", "datetime")})
