"""Classes of every module into models (mapped tables) and schemas (pydantic models).

A class's family comes from its bases, followed across modules: ``BaseModel`` and
``RootModel`` make schemas, ``BaseSettings`` settings, ``SQLModel`` a table when the class
says ``table=True`` and a schema otherwise, and ``DeclarativeBase`` (or a name bound to
``declarative_base()``) a declarative base whose subclasses are SQLAlchemy models;
Tortoise ORM's ``Model`` (imported from ``tortoise``) makes Tortoise tables. A class of
no known family that names its ``__tablename__`` and declares columns is a SQLAlchemy
table too: its base comes from a package the repository does not hold.
Fields are inherited like pydantic does it: bases first, right to left, then the class's
own fields; an override keeps the base field's position and takes the new definition.
"""

from __future__ import annotations

from orchestrator.index.facts import Model, Schema
from orchestrator.index.link.model_fields import OwnedAttr, model_parts, schema_field
from orchestrator.index.link.resolve import Resolver, Symbol
from orchestrator.index.link.tortoise_fields import TORTOISE_MODEL, tortoise_parts
from orchestrator.index.python.annotations import literal
from orchestrator.index.python.module_facts import ClassFacts
from orchestrator.index.python.source_text import last_segment

_EXTERNAL = {
    "BaseModel": "pydantic",
    "RootModel": "pydantic",
    "GenericModel": "pydantic",
    "BaseSettings": "settings",
    "SQLModel": "sqlmodel",
    "DeclarativeBase": "sqla_base",
    "DeclarativeBaseNoMeta": "sqla_base",
}


class ClassLinker:
    def __init__(self, resolver: Resolver, files: dict[str, str]) -> None:
        self.resolver, self.files = resolver, files
        self.classes: dict[Symbol, ClassFacts] = {}
        for module, facts in resolver.modules.items():
            for cls in facts.classes:
                self.classes[Symbol(module, cls.name)] = cls
        self._family: dict[Symbol, str | None] = {}
        self._attrs: dict[Symbol, dict[str, OwnedAttr]] = {}
        self._tables: dict[str, str] | None = None  # Tortoise tables, when first asked

    def link(self) -> tuple[list[Model], list[Schema]]:
        models: list[Model] = []
        schemas: list[Schema] = []
        for symbol, cls in self.classes.items():
            if self.resolver.modules[symbol.module].revision is not None:
                continue  # an Alembic script's frozen copy of a table, not the app's model
            family = self.family(symbol)
            file = self.files[symbol.module]
            if (
                family == "sqla"
                and not cls.abstract
                and (cls.tablename or self._has_columns(symbol))
            ):
                models.append(self._model(symbol, cls, "sqlalchemy", file))
            elif family is None and cls.tablename and self._has_columns(symbol):
                # a base from outside the repository (a shared library's `Base`)
                models.append(self._model(symbol, cls, "sqlalchemy", file))
            elif family == "sqlmodel" and cls.keywords.get("table") == "True":
                models.append(self._model(symbol, cls, "sqlmodel", file))
            elif family == "tortoise" and self.config(symbol).get("abstract") != "True":
                models.append(self._model(symbol, cls, "tortoise", file))
            elif family in ("pydantic", "sqlmodel", "settings"):
                schemas.append(self._schema(symbol, cls, family, file))
        return models, schemas

    def family(self, symbol: Symbol) -> str | None:
        if symbol not in self._family:
            self._family[symbol] = None  # breaks inheritance cycles
            self._family[symbol] = self._decide_family(symbol)
        return self._family[symbol]

    def _decide_family(self, symbol: Symbol) -> str | None:
        if symbol.name in self.resolver.modules[symbol.module].declarative_bases:
            return "sqla_base"  # ``@as_declarative() class Base``: the base, never a table
        for base in self.classes[symbol].bases:
            family = self._base_family(symbol.module, base)
            if family is not None:
                return family  # a direct DeclarativeBase subclass is the base, never a table
        return None

    def _base_family(self, module: str, base: str) -> str | None:
        resolved = self.resolver.resolve(module, base.partition("[")[0])
        if resolved in self.classes:
            family = self.family(resolved)
            return "sqla" if family == "sqla_base" else family
        if (
            resolved is not None
            and resolved.name in self.resolver.modules[resolved.module].declarative_bases
        ):
            return "sqla"
        if self._origin(module, base.partition("[")[0]) in TORTOISE_MODEL:
            return "tortoise"
        return _EXTERNAL.get(last_segment(base.partition("[")[0]) or "")

    def _origin(self, module: str, name: str) -> str:
        """The full name an imported `name` comes from: `tortoise.models.Model` for
        `models.Model` after `from tortoise import models`."""
        head, _, rest = name.partition(".")
        imported = self.resolver.modules[module].imports.get(head)
        if imported is None:
            return name
        source, member = imported
        return ".".join(p for p in (source, member, rest) if p)

    def attrs(self, symbol: Symbol) -> dict[str, OwnedAttr]:
        """Every attribute the class has, inherited ones included, in pydantic's order."""
        if symbol in self._attrs:
            return self._attrs[symbol]
        self._attrs[symbol] = {}  # breaks inheritance cycles
        merged: dict[str, OwnedAttr] = {}
        cls = self.classes[symbol]
        for base in reversed(cls.bases):
            resolved = self.resolver.resolve(symbol.module, base.partition("[")[0])
            if resolved in self.classes:
                merged.update(self.attrs(resolved))
        file = self.files[symbol.module]
        merged.update({a.name: OwnedAttr(a, cls.name, file) for a in cls.attrs})
        self._attrs[symbol] = merged
        return merged

    def _inherited(self, symbol: Symbol, pick: str) -> list[str]:
        """Validators (``pick="validators"``) of the class and its bases."""
        found: list[str] = []
        for base in self.classes[symbol].bases:
            resolved = self.resolver.resolve(symbol.module, base.partition("[")[0])
            if resolved in self.classes and resolved != symbol:
                found.extend(self._inherited(resolved, pick))
        found.extend(getattr(self.classes[symbol], pick))
        return list(dict.fromkeys(found))

    def config(self, symbol: Symbol) -> dict[str, str]:
        config: dict[str, str] = {}
        for base in reversed(self.classes[symbol].bases):
            resolved = self.resolver.resolve(symbol.module, base.partition("[")[0])
            if resolved in self.classes and resolved != symbol:
                config.update(self.config(resolved))
        config.update(self.classes[symbol].config)
        return config

    def _has_columns(self, symbol: Symbol) -> bool:
        columns, _ = model_parts(
            self.attrs(symbol).values(), "sqlalchemy", self.classes[symbol].name
        )
        return bool(columns)

    def _model(self, symbol: Symbol, cls: ClassFacts, kind: str, file: str) -> Model:
        if kind == "tortoise":
            table = literal(self.config(symbol).get("table")) or cls.name.lower()
            columns, relationships = tortoise_parts(
                self.attrs(symbol).values(), cls.name, self._tortoise_tables()
            )
            return Model(cls.name, table, kind, file, cls.line, cls.bases, columns, relationships)
        columns, relationships = model_parts(self.attrs(symbol).values(), kind, cls.name)
        table = cls.tablename or self._inherited_table(symbol, set()) or cls.name.lower()
        return Model(cls.name, table, kind, file, cls.line, cls.bases, columns, relationships)

    def _tortoise_tables(self) -> dict[str, str]:
        """Each Tortoise model's table by class name (`class Meta: table`, else the name
        in lower case), for the foreign keys that name a model."""
        if self._tables is None:
            self._tables = {
                s.name: literal(self.config(s).get("table")) or s.name.lower()
                for s in self.classes
                if s.name is not None and self.family(s) == "tortoise"
            }
        return self._tables

    def _inherited_table(self, symbol: Symbol, seen: set[Symbol]) -> str | None:
        """The table of the nearest mapped ancestor: a subclass without a ``__tablename__``
        of its own shares it (single-table inheritance)."""
        seen.add(symbol)
        for base in self.classes[symbol].bases:
            resolved = self.resolver.resolve(symbol.module, base.partition("[")[0])
            if resolved not in self.classes or resolved in seen:
                continue
            ancestor = self.classes[resolved]
            if ancestor.tablename and not ancestor.abstract:
                return ancestor.tablename
            found = self._inherited_table(resolved, seen)
            if found:
                return found
        return None

    def _schema(self, symbol: Symbol, cls: ClassFacts, family: str, file: str) -> Schema:
        fields = []
        for owned in self.attrs(symbol).values():
            field = schema_field(owned.attr, owned.owner, owned.file, cls.name)
            if field is not None:
                fields.append(field)
        generator = self.config(symbol).get("alias_generator", "")
        style = (
            "camel"
            if generator.endswith("to_camel")
            else "pascal"
            if generator.endswith("to_pascal")
            else None
        )
        return Schema(
            name=cls.name,
            kind=family,
            file=file,
            line=cls.line,
            bases=cls.bases,
            fields=fields,
            validators=self._inherited(symbol, "validators"),
            alias_style=style,
        )
