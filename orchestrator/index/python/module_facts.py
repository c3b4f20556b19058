"""What one Python module says, before modules are linked to each other.

The parser records references as the dotted text written in the source (``users.router``,
``deps.get_current_user``); the linker resolves them across modules. Every value that
ends up in a public fact is kept as source text, so the cache holds plain JSON.

Paths and prefixes are string templates (see `orchestrator.index.python.string_templates`):
a literal as written, or literal parts and ``\x00reference\x00`` parts that the linker
evaluates (``prefix=settings.API_V1_STR``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Dep:
    """A ``Depends(...)`` or ``Security(...)`` marker and the callable it names.

    ``kind`` is ``annotation`` for a parameter annotated with a plain capitalised name
    (``user: CurrentUser``): a dependency only if that name is an ``Annotated`` alias.
    """

    target: str | None  # dotted text; None for ``Depends()``, which uses the annotation
    kind: str  # depends | security | annotation


@dataclass(slots=True)
class RawParam:
    """A handler parameter, or a type alias built with ``Annotated``."""

    name: str
    annotation: str | None
    base: str | None  # the annotation without ``Annotated[...]`` metadata
    marker: str | None  # Query | Path | Body | Header | Cookie | Form | File | Depends | Security
    has_default: bool
    default: str | None
    deps: list[Dep]


@dataclass(slots=True)
class Handler:
    """A function registered as an endpoint on an application or a router."""

    owner: str
    methods: list[str]
    path: str
    function: str
    line: int
    params: list[RawParam]
    response_model: str | None
    status_code: int | None
    dependencies: list[Dep]
    summary: str | None
    description: str | None
    tags: list[str]
    include_in_schema: bool
    view: str | None = None  # the class whose method it is (a class-based view)


@dataclass(slots=True)
class RouterDef:
    """``FastAPI(...)`` or ``APIRouter(...)`` bound to a name, or a router class of the
    project's own (``UserAPIRouter(prefix=...)``), named by ``factory``."""

    name: str
    kind: str  # app | router
    line: int
    prefix: str
    tags: list[str]
    dependencies: list[Dep]
    factory: str | None = None
    # ``APIRouter(include_in_schema=False)``: none of its routes is in the schema
    include_in_schema: bool = True


@dataclass(slots=True)
class Inclusion:
    """``owner.include_router(child, ...)`` or ``owner.mount(path, child)``."""

    owner: str
    child: str  # a name, or the call that builds the router as written
    kind: str  # include | mount
    prefix: str
    tags: list[str]
    dependencies: list[Dep]
    include_in_schema: bool
    line: int


@dataclass(slots=True)
class Attr:
    """One assignment in a class body: ``name: annotation = call(args, **kwargs)``."""

    name: str
    line: int
    annotation: str | None
    value: str | None
    call: str | None  # last segment of the called name: Field, mapped_column, Column, …
    args: list[str]
    kwargs: dict[str, str]
    first_str: str | None  # the first positional argument when it is a string literal
    foreign_key: str | None  # the target of a ``ForeignKey("table.column")`` argument


@dataclass(slots=True)
class ClassFacts:
    name: str
    line: int
    bases: list[str]
    keywords: dict[str, str]
    attrs: list[Attr]
    validators: list[str]
    tablename: str | None
    abstract: bool
    config: dict[str, str]
    # ``super().__init__(dependencies=[...])`` in ``__init__``: what a router class adds
    init_dependencies: list[Dep] = field(default_factory=list)


@dataclass(slots=True)
class Revision:
    revision: str
    down: list[str]
    message: str | None
    line: int
    created: list[str]  # tables `op.create_table` makes, outside `downgrade`
    dropped: list[str]  # tables `op.drop_table` drops, outside `downgrade`


@dataclass(slots=True)
class ModuleFacts:
    module: str
    uses_fastapi: bool
    imports: dict[str, list[str | None]]  # local name -> [absolute module, name or None]
    routers: list[RouterDef]
    inclusions: list[Inclusion]
    handlers: list[Handler]
    functions: dict[str, list[Dep]]  # function -> the dependencies of its parameters
    aliases: dict[str, RawParam]  # ``X = Annotated[T, Depends(f)]`` and the like
    schemes: list[str]  # names bound to security scheme instances
    returns: dict[str, str]  # factory function -> the name it returns
    return_types: dict[str, str]  # function -> its return annotation
    constants: dict[str, str]  # name -> string literal bound to it
    assigns: dict[str, str]  # name -> the reference it is bound to (``f()`` for calls)
    declarative_bases: list[str]
    classes: list[ClassFacts]
    revision: Revision | None


def module_name(rel_path: str) -> str:
    """``backend/app/routers/users.py`` -> ``backend.app.routers.users``."""
    parts = rel_path[: -len(".py")].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)
