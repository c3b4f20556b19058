"""What a backend is built with, which the recipes' code must match: the ORM, the session,
the key type, the declarative base, where tables and schemas live, how data is accessed,
and how its tests call the API.

Each is read from the index and the package's source, never assumed:

* ORM — SQLModel when most tables are SQLModel ``table=True`` classes, else SQLAlchemy;
* session — the dependency that yields it: ``async def get_db() -> AsyncIterator[AsyncSession]``
  or ``def get_db() -> Generator[Session]`` (any name, `Iterator` or `Generator`), or, with
  no annotation, a ``get_db``/``get_session`` function (async or not); the session class
  is imported as the session module imports it;
* keys — ``uuid.UUID`` when most tables' primary keys are UUIDs, else ``int``;
* base — the project's own declarative base (``class ModelBase(DeclarativeBase)``,
  ``Base = declarative_base()``), or ``SQLModel`` itself;
* tables — in one module (``app/models.py``) new tables are added to it, else one module
  per table in the models package; schemas live beside SQLModel tables when the project
  keeps them there;
* data access — a ``crud.py`` module of functions gets the new ones; else one module per
  resource under ``services/``: of functions, or of one class when the project writes its
  services as classes bound to the request's session (``class AccountService`` whose
  ``__init__(self, session: Session)`` keeps ``self.session``: `Stack.service_class`).
  Other classes (generic repositories, CRUD objects) are noted (`Stack.service_classes`):
  the CRUD recipe does not follow them and hands off;
* tests — the folder, the client (`TestClient` or httpx's `AsyncClient`) and the path
  prefix the tests must send (the routers' prefix, less the client's ``base_url`` path).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from orchestrator.index import ProjectIndex
from project_state.errors import Refusal

ANNOTATED_SESSION = re.compile(
    r"^(async\s+)?def (\w+)\([^)]*\)\s*->\s*(?:Async)?(?:Iterator|Generator)"
    r"\[\s*(?:[\w.]+\.)?(Async)?Session\b",
    re.MULTILINE,
)
NAMED_SESSION = re.compile(
    r"^(async\s+)?def (get_db|get_session|get_db_session|get_async_session)\(", re.MULTILINE
)
DECLARATIVE = re.compile(
    r"^class (\w+)\((?:[^)]*?,\s*)?(?:[\w.]+\.)?(?:DeclarativeBase|DeclarativeBaseNoMeta)\b"
    r"|^(\w+)\s*=\s*(?:[\w.]+\.)?declarative_base\("
    r"|^@(?:[\w.]+\.)?as_declarative(?:_base)?\([^)]*\)\s*\nclass (\w+)\b",
    re.MULTILINE,
)
SERVICE_CLASS = re.compile(
    r"^class (\w*(?:Service|Repository|CRUD\w*))\b|^(\w+)\s*=\s*(?:Fast)?CRUD\w*[\[(]",
    re.MULTILINE,
)
BASE_URL_PATH = re.compile(r"base_url\s*=\s*f?[\"']https?://[^/\"']+(/[^\"']*)[\"']")
CLIENT_CALL = re.compile(r"\bclient\.(?:get|post|put|patch|delete)\(")
ROUTER_PREFIX = re.compile(r"APIRouter\([^)]*prefix\s*=\s*[\"'](/[^\"']*)[\"']")


class LayoutError(Refusal):
    """The project lacks something a recipe needs, or is built in a way none follows."""


@dataclass(frozen=True)
class ServiceClass:
    """How the project writes a service class: `class <Name><suffix>` whose `__init__`
    takes the session as `param` and keeps it as `self.<attr>`."""

    suffix: str  # Service | Repository
    param: str
    attr: str


@dataclass(frozen=True)
class Stack:
    orm: str = "sqlalchemy"  # sqlalchemy | sqlmodel
    is_async: bool = True
    session_type: tuple[str, str] = ("sqlalchemy.ext.asyncio", "AsyncSession")
    key: str = "int"  # int | uuid
    base: tuple[str, str] | None = None  # (file, class name); None for SQLModel
    models_module: str | None = None  # the one module every table is added to
    schemas_in_models: bool = False  # SQLModel schemas written beside their table
    crud_module: str | None = None  # a module of data-access functions for every resource
    service_class: ServiceClass | None = None  # data access as classes the recipe follows
    service_classes: str | None = None  # data access as classes it cannot follow, if so
    tests: str = "tests"
    test_client: str = "async"  # async (httpx AsyncClient) | sync (TestClient)
    test_prefix: str = ""  # what generated tests put before `/<table>`
    plural_tables: bool = (
        True  # "posts", not the lowercased class ("post": SQLModel, declared_attr)
    )
    dataclasses: bool = False  # the base maps tables as dataclasses (`MappedAsDataclass`)

    @property
    def sqlmodel(self) -> bool:
        return self.orm == "sqlmodel"


def find_stack(
    root: Path, index: ProjectIndex, texts: dict[str, str], package: str, backend: str
) -> Stack:
    """``texts``: the package's Python files by repo-relative path."""
    orm = _orm(index)
    session = _session(texts)
    if session is None:
        raise LayoutError(
            f"no session dependency under {package}/: neither `async def get_db() -> "
            "AsyncIterator[AsyncSession]` nor `def get_db() -> Generator[Session]`",
            hint="add the dependency that yields the request's session, or hand the step over",
        )
    session_file, _, is_async = session
    tests, client, prefix = _tests(root, index, backend, package)
    models_module = _models_module(index)
    base = None if orm == "sqlmodel" else _base(texts, index)
    return Stack(
        orm=orm,
        is_async=is_async,
        session_type=_session_type(texts[session_file], orm, is_async),
        key=_key(index),
        base=base,
        dataclasses=base is not None and _maps_dataclasses(texts[base[0]], base[1]),
        models_module=models_module,
        schemas_in_models=orm == "sqlmodel" and _schemas_beside_tables(index),
        crud_module=_crud_module(texts, package),
        service_class=(followed := _followed_service_class(texts)),
        service_classes=None if followed else _service_classes(texts),
        tests=tests,
        test_client=client,
        test_prefix=prefix,
        plural_tables=any(m.table != m.name.lower() for m in index.models),
    )


def session_dependency(texts: dict[str, str]) -> tuple[str, str] | None:
    """(file, function) of the dependency that yields the session."""
    found = _session(texts)
    return (found[0], found[1]) if found else None


def _session(texts: dict[str, str]) -> tuple[str, str, bool] | None:
    for pattern in (ANNOTATED_SESSION, NAMED_SESSION):
        for rel, text in texts.items():
            match = pattern.search(text)
            if match is not None:
                return rel, match.group(2), bool(match.group(1))
    return None


def _session_type(text: str, orm: str, is_async: bool) -> tuple[str, str]:
    """The session class as the session module imports it."""
    name = "AsyncSession" if is_async else "Session"
    match = re.search(rf"^from ([\w.]+) import [^\n]*\b{name}\b", text, re.MULTILINE)
    if match is not None:
        return match.group(1), name
    if orm == "sqlmodel":
        return ("sqlmodel.ext.asyncio.session", name) if is_async else ("sqlmodel", name)
    return ("sqlalchemy.ext.asyncio", name) if is_async else ("sqlalchemy.orm", name)


def _orm(index: ProjectIndex) -> str:
    kinds = Counter(m.kind for m in index.models)
    return "sqlmodel" if kinds["sqlmodel"] > kinds["sqlalchemy"] else "sqlalchemy"


def _key(index: ProjectIndex) -> str:
    keys = Counter(
        "uuid" if "uuid" in (c.type or "").lower() else "int"
        for m in index.models
        for c in m.columns
        if c.primary_key
    )
    return "uuid" if keys["uuid"] > keys["int"] else "int"


def _base(texts: dict[str, str], index: ProjectIndex) -> tuple[str, str]:
    """The declarative base the tables derive from; the one most tables name, if several."""
    found = [
        (rel, next(name for name in m.groups() if name))
        for rel, text in texts.items()
        for m in DECLARATIVE.finditer(text)
    ]
    if not found:
        raise LayoutError(
            "no declarative base (`class Base(DeclarativeBase)` or `declarative_base()`) "
            "in the package, so a new table would have no metadata to join"
        )
    used = Counter(b.rpartition(".")[2] for m in index.models for b in m.bases)
    return max(found, key=lambda f: used[f[1]])


def _maps_dataclasses(text: str, base: str) -> bool:
    header = re.search(rf"^class {re.escape(base)}\(([^)]*)\)", text, re.MULTILINE)
    return header is not None and "MappedAsDataclass" in header.group(1)


def _models_module(index: ProjectIndex) -> str | None:
    files = {m.file for m in index.models}
    if len(files) != 1:
        return None
    only = next(iter(files))
    stem = PurePosixPath(only).stem
    return (
        only if stem != "__init__" and (stem.startswith("model") or len(index.models) > 1) else None
    )


def _schemas_beside_tables(index: ProjectIndex) -> bool:
    tables = {m.file for m in index.models}
    schemas = [s for s in index.schemas if s.kind in ("sqlmodel", "pydantic")]
    beside = sum(1 for s in schemas if s.file in tables)
    return beside > 0 and beside * 2 >= len(schemas)


def _crud_module(texts: dict[str, str], package: str) -> str | None:
    module = f"{package}/crud.py"
    functions = module in texts and re.search(r"^(?:async )?def \w+\(", texts[module], re.MULTILINE)
    return module if functions else None


def _service_classes(texts: dict[str, str]) -> str | None:
    """What the fastapi step would have to follow but cannot: data access as classes."""
    for rel, text in texts.items():
        if "/services/" in rel or "/crud" in rel or "/repositories/" in rel:
            match = SERVICE_CLASS.search(text)
            if match is not None and match.group(1):
                return f"`class {match.group(1)}` in {rel}"
            if match is not None:
                return f"`{match.group(2)}`, a CRUD class's object, in {rel}"
    return None


def _followed_service_class(texts: dict[str, str]) -> ServiceClass | None:
    """The first service class bound to a session, if the services are written so."""
    for rel, text in texts.items():
        if "/services/" not in rel and "/repositories/" not in rel:
            continue
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        for node in tree.body:
            found = _bound_to_session(node)
            if found is not None:
                return found
    return None


def _bound_to_session(node: ast.stmt) -> ServiceClass | None:
    if not isinstance(node, ast.ClassDef) or node.bases:
        return None
    suffix = next((s for s in ("Service", "Repository") if node.name.endswith(s)), None)
    init = next(
        (f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None
    )
    if suffix is None or init is None or len(init.args.args) != 2:
        return None
    param = init.args.args[1]
    if param.annotation is None or not ast.unparse(param.annotation).endswith("Session"):
        return None
    for statement in init.body:
        match statement:
            case ast.Assign(
                targets=[ast.Attribute(value=ast.Name(id="self"), attr=attr)],
                value=ast.Name(id=value),
            ) if value == param.arg:
                return ServiceClass(suffix, param.arg, attr)
    return None


def _tests(root: Path, index: ProjectIndex, backend: str, package: str) -> tuple[str, str, str]:
    """The folder of the tests that call the API, their client kind, the path prefix."""
    base = root / backend
    tests = sorted(base.glob("tests/**/test_*.py")) or sorted(
        base.glob(f"{PurePosixPath(package).name}/tests/**/test_*.py")
    )
    calling = [p for p in tests if CLIENT_CALL.search(p.read_text("utf-8", "replace"))]
    folders = Counter(p.parent for p in calling or tests).most_common(1)
    chosen = folders[0][0] if folders else base / "tests"
    conftests = [
        folder / "conftest.py"
        for folder in (chosen, *chosen.parents)
        if folder.is_relative_to(root) and (folder / "conftest.py").is_file()
    ]
    conftest = "\n".join(p.read_text("utf-8", "replace") for p in conftests)
    client = "sync" if "TestClient" in conftest and "AsyncClient" not in conftest else "async"
    prefix = _routers_prefix(root, index)
    mounted = BASE_URL_PATH.search(conftest)
    if mounted and prefix.startswith(mounted.group(1).rstrip("/")):
        prefix = prefix[len(mounted.group(1).rstrip("/")) :]
    return chosen.relative_to(root).as_posix(), client, prefix


def _routers_prefix(root: Path, index: ProjectIndex) -> str:
    """What the application puts before a resource router's own prefix (``/api/v1``)."""
    for route in index.routes:
        path = root / route.file
        text = path.read_text("utf-8", "replace") if path.is_file() else ""
        own = ROUTER_PREFIX.search(text)
        if own is not None and own.group(1) in route.path:
            return route.path[: route.path.index(own.group(1))]
    return ""
