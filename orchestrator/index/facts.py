"""The facts the project index holds: what a person or an agent may ask about.

Every fact names its `file` (a repo-relative POSIX path) and its `line` (1-based).
Facts are plain slotted dataclasses rather than pydantic models: a warm index of ten
thousand routes is rebuilt from the cache on every `agent consult`, and constructing
dataclasses costs a fraction of validating models. The data never comes from a person:
the index writes it, versions it, and throws the cache away when it does not fit.

A type `Shape` is a small JSON tree that says what a type looks like on the wire:
``["string"]``, ``["number"]``, ``["boolean"]``, ``["null"]``, ``["any"]``,
``["object"]``, ``["lit", value]``, ``["array", shape]``, ``["record", shape]``,
``["ref", name]`` and ``["union", [shape, ...]]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Shape = list[Any]


def union_shape(members: list[Shape]) -> Shape:
    """One union of `members`, nested unions flattened and repeats dropped."""
    flat: list[Shape] = []
    for member in members:
        for item in member[1] if member[0] == "union" else [member]:
            if item not in flat:
                flat.append(item)
    return flat[0] if len(flat) == 1 else ["union", flat]


@dataclass(slots=True)
class RouteParam:
    """One parameter of an endpoint: where it comes from and whether it must be sent."""

    name: str
    location: str  # path | query | header | cookie | body | form | file
    type: str | None
    required: bool
    default: str | None


@dataclass(slots=True)
class Route:
    """One HTTP operation as the application serves it, with its full path."""

    method: str
    path: str
    handler: str
    file: str
    line: int
    params: list[RouteParam]
    request_model: str | None
    response_model: str | None
    status_code: int | None
    dependencies: list[str]
    auth: bool
    auth_dependency: str | None
    summary: str | None
    description: str | None
    tags: list[str]
    app: str | None  # "file:name" of the application serving it; None when unreachable
    include_in_schema: bool
    # every dependency the endpoint runs, its dependencies' own included, by name
    # (``get_current_active_superuser``, ``CurrentUser``, ``get_current_user``, ``get_db``)
    requires: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Column:
    name: str
    type: str | None
    nullable: bool
    primary_key: bool
    unique: bool
    index: bool
    foreign_key: str | None
    default: str | None
    file: str
    line: int
    inherited_from: str | None


@dataclass(slots=True)
class Relationship:
    name: str
    target: str
    back_populates: str | None
    many: bool
    file: str
    line: int


@dataclass(slots=True)
class Model:
    """A mapped table: SQLAlchemy declarative or SQLModel with ``table=True``."""

    name: str
    table: str
    kind: str  # sqlalchemy | sqlmodel
    file: str
    line: int
    bases: list[str]
    columns: list[Column]
    relationships: list[Relationship]


@dataclass(slots=True)
class SchemaField:
    name: str
    type: str | None
    required: bool
    default: str | None
    constraints: dict[str, str]
    alias: str | None
    file: str
    line: int
    inherited_from: str | None


@dataclass(slots=True)
class Schema:
    """A pydantic model (or a SQLModel class without ``table=True``)."""

    name: str
    kind: str  # pydantic | sqlmodel | settings
    file: str
    line: int
    bases: list[str]
    fields: list[SchemaField]
    validators: list[str]
    alias_style: str | None  # camel | pascal when an alias generator renames fields


@dataclass(slots=True)
class TsProperty:
    name: str
    type: str
    shape: Shape
    optional: bool
    readonly: bool
    file: str
    line: int
    inherited_from: str | None


@dataclass(slots=True)
class TsType:
    """A TypeScript interface or type alias from a ``.ts`` file or a ``.vue`` script."""

    name: str
    kind: str  # interface | type
    file: str
    line: int
    exported: bool
    extends: list[str]
    properties: list[TsProperty]
    alias: str | None  # the aliased type's text when it is not an object type
    shape: Shape | None


@dataclass(slots=True)
class ClientCall:
    """A frontend call of the backend: ``axios.get<IUser>(`${api}/users/${id}`)``."""

    method: str
    url: str  # a path: literal parts as written, each ``${...}`` a ``{}`` parameter
    response_type: str | None  # the call's first type argument, as written
    request_type: str | None  # the declared type of what it sends as the body
    file: str
    line: int


@dataclass(slots=True)
class Service:
    """A docker-compose service."""

    name: str
    file: str
    line: int
    image: str | None
    build: str | None
    ports: list[str]
    environment: dict[str, str | None]
    env_file: list[str]
    depends_on: list[str]


@dataclass(slots=True)
class EnvVar:
    """One place that declares or reads an environment variable.

    ``source`` says which: ``env`` a line of a ``.env*`` file (a real ``.env``'s secret
    values are never kept), ``compose`` a service's ``environment`` entry or a
    ``${NAME}`` interpolation in a compose file, ``settings`` a field of a pydantic
    ``BaseSettings`` class. ``context`` is the compose service or the settings class.
    ``required`` holds when the project cannot start without it (a settings field with no
    default, ``${NAME?message}``).
    """

    name: str
    default: str
    comment: str | None
    file: str
    line: int
    source: str = "env"  # env | compose | settings
    required: bool = False
    context: str | None = None


@dataclass(slots=True)
class Migration:
    """An Alembic revision file."""

    revision: str
    down_revisions: list[str]
    message: str | None
    file: str
    line: int
    created_tables: list[str] = field(default_factory=list)  # by `op.create_table`
    dropped_tables: list[str] = field(default_factory=list)  # by `op.drop_table`


@dataclass(slots=True)
class UnreadRouter:
    """Something an application serves under a prefix whose routes the index cannot list:
    a router built by a call (``fastapi_users.get_auth_router(backend)``), one defined
    outside the project, or an application mounted there (``StaticFiles(...)``)."""

    prefix: str  # the full path prefix it is served under
    source: str  # what the code includes or mounts, as written
    kind: str  # include | mount
    file: str
    line: int
    app: str | None  # "file:name" of the application serving it; None when unreached
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Skipped:
    """A file the index could not read or parse, and why.

    ``hides`` lists, for a Python module, what other modules import from it (``Name``, or
    ``alias.`` for a module imported whole): facts that rest on them are unknown.
    """

    file: str
    reason: str
    hides: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IndexStats:
    files: int
    parsed: list[str]  # files (re)parsed by this build, in path order
    cached: int
    seconds: float
    source: str  # ready | incremental | nocache
    counts: dict[str, int] = field(default_factory=dict)


SECTIONS: dict[str, type] = {
    "routes": Route,
    "models": Model,
    "schemas": Schema,
    "ts_types": TsType,
    "services": Service,
    "env_vars": EnvVar,
    "migrations": Migration,
    "skipped": Skipped,
    "client_calls": ClientCall,
    "unread_routers": UnreadRouter,
}
