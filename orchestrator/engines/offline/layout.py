"""Where a project keeps each kind of file, found from the index and the source tree.

The recipes never assume `app/`: models, schemas, services, routers, the module that
includes the routers, the session dependency, Alembic's versions folder, the tests and
the frontend's types and API folders are all looked up here, with their naming habits;
what the backend is built with (ORM, session, keys, base class, data access, test
client) is `stack.Stack`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from orchestrator.engines.offline.conventions import Conventions, find_conventions
from orchestrator.engines.offline.relative_imports import prefers_relative
from orchestrator.engines.offline.stack import (
    LayoutError,
    Stack,
    find_stack,
    session_dependency,
)
from orchestrator.index import ProjectIndex

RECIPE_ORMS = frozenset({"sqlalchemy", "sqlmodel"})  # the tables recipes write; not Tortoise
INCLUDES_ROUTER = re.compile(r"\.include_router\(\s*\w+\.router\b")


@dataclass(frozen=True)
class Layout:
    root: Path
    backend: str  # folder with pyproject.toml / alembic.ini ("backend", ".")
    python_root: str  # the sys.path entry holding the package ("backend", "src")
    package: str  # the import name ("app", "shop")
    models: str  # the models package folder
    base_module: str
    timestamps: bool  # the base module offers TimestampMixin
    naming_convention: bool  # constraints are named through MetaData(naming_convention=)
    schemas: str
    services: str
    routers: str
    registry: str | None  # module including the resource routers
    app_module: str | None  # module creating FastAPI()
    session_module: str
    session_func: str
    versions: str | None
    tests: str
    types: str | None
    api: str | None
    service_suffix: str  # "_service" when services are named user_service.py
    plural_routers: bool
    plural_api: bool
    conventions: Conventions = field(default_factory=Conventions)  # its helpers, to reuse
    relative_imports: bool = False  # the package's modules import each other relatively
    stack: Stack = field(default_factory=Stack)  # ORM, session, keys, base, data access, tests

    def module(self, rel: str) -> str:
        """The dotted import name of the Python file or package at `rel`."""
        parts = PurePosixPath(rel).relative_to(self.python_root).with_suffix("").parts
        return ".".join(p for p in parts if p != "__init__")

    def in_package(self, rel: str) -> bool:
        """Whether `rel` is a file of the package (not of its tests or migrations)."""
        top = PurePosixPath(self.python_root, self.package)
        return PurePosixPath(rel).is_relative_to(top)

    def read(self, rel: str) -> str:
        path = self.root / rel
        return path.read_text(encoding="utf-8") if path.is_file() else ""


def find_layout(root: Path, index: ProjectIndex) -> Layout:
    foreign = sorted({m.file for m in index.models if m.kind not in RECIPE_ORMS})
    if foreign and len(foreign) == len({m.file for m in index.models}):
        raise LayoutError(
            f"the tables are declared with Tortoise ORM ({', '.join(foreign)}); the recipes "
            "write SQLAlchemy or SQLModel tables",
            hint="add the table by hand, or let a model-backed engine do it",
        )
    if not index.models:
        raise LayoutError(
            "no SQLAlchemy or SQLModel table in the index, so the backend layout is unknown",
            hint="add one model by hand (or let a model-backed engine start the backend)",
        )
    model_dir = PurePosixPath(_common_dir([m.file for m in index.models], default=None) or ".")
    package_dir = _top_package(root, model_dir)
    python_root = package_dir.parent.as_posix()
    backend = _backend_root(root, package_dir.parent)
    py_files = sorted(p.relative_to(root).as_posix() for p in (root / package_dir).rglob("*.py"))
    texts = {rel: (root / rel).read_text(encoding="utf-8", errors="replace") for rel in py_files}
    stack = find_stack(root, index, texts, package_dir.as_posix(), backend)
    base = stack.base[0] if stack.base else index.models[0].file
    session = session_dependency(texts)
    assert session is not None  # find_stack refused a package without one
    routers = _common_dir(
        [r.file for r in index.routes if r.file.startswith(package_dir.as_posix() + "/")],
        default=f"{package_dir}/routers",
    )
    services = _named_dir(root, package_dir, "services")
    layout = Layout(
        root=root, backend=backend, python_root=python_root, package=package_dir.name,
        models=model_dir.as_posix(), base_module="", timestamps="class TimestampMixin" in texts[base],
        naming_convention="naming_convention" in texts[base],
        schemas=_common_dir(
            [s.file for s in index.schemas if s.kind == "pydantic" and s.file.startswith(package_dir.as_posix())],
            default=f"{package_dir}/schemas",
        ),
        services=services, routers=routers,
        registry=_first(texts, INCLUDES_ROUTER.pattern, prefer=routers),
        app_module=_first(texts, r"=\s*FastAPI\("),
        session_module="", session_func=session[1],
        versions=_versions(root, backend, index), tests=stack.tests,
        types=_common_dir([t.file for t in index.ts_types if "/types/" in t.file], default=None),
        api=None, service_suffix="_service" if _has_suffix(root, services, "_service") else "",
        plural_routers=_plural_names(root, routers, index), plural_api=False,
    )  # fmt: skip
    api = _sibling(root, layout.types, "api")
    return replace(
        layout, base_module=layout.module(base), session_module=layout.module(session[0]),
        api=api, plural_api=_plural_names(root, api, index) if api else False,
        conventions=find_conventions(texts, layout.module, session[1]), stack=stack,
        relative_imports=prefers_relative(texts, package_dir.name),
    )  # fmt: skip


def _top_package(root: Path, folder: PurePosixPath) -> PurePosixPath:
    while (root / folder.parent / "__init__.py").is_file():
        folder = folder.parent
    return folder


def _backend_root(root: Path, start: PurePosixPath) -> str:
    for folder in (start, *start.parents):
        if (root / folder / "pyproject.toml").is_file() or (
            root / folder / "alembic.ini"
        ).is_file():
            return folder.as_posix()
    return start.as_posix()


def _first(texts: dict[str, str], pattern: str, *, prefer: str | None = None) -> str | None:
    found = [rel for rel, text in texts.items() if re.search(pattern, text, re.MULTILINE)]
    preferred = [rel for rel in found if prefer and rel.startswith(prefer + "/")]
    return (preferred or found or [None])[0]


def _common_dir(files: list[str], *, default: str | None) -> str | None:
    dirs = Counter(PurePosixPath(f).parent.as_posix() for f in files)
    return dirs.most_common(1)[0][0] if dirs else default


def _named_dir(root: Path, package_dir: PurePosixPath, name: str) -> str:
    found = sorted(p for p in (root / package_dir).rglob(name) if p.is_dir())
    return found[0].relative_to(root).as_posix() if found else f"{package_dir}/{name}"


def _has_suffix(root: Path, folder: str, suffix: str) -> bool:
    return any(p.stem.endswith(suffix) for p in (root / folder).glob("*.py"))


def _plural_names(root: Path, folder: str | None, index: ProjectIndex) -> bool:
    """Whether files in `folder` are named after tables (`users.py`) or models (`user.py`)."""
    if folder is None:
        return False
    stems = {p.stem for p in (root / folder).glob("*.*")}
    return any(m.table in stems for m in index.models) or not any(
        m.name.lower() in stems for m in index.models
    )


def _sibling(root: Path, folder: str | None, name: str) -> str | None:
    if folder is None:
        return None
    candidate = PurePosixPath(folder).parent / name
    return candidate.as_posix() if (root / candidate).is_dir() else None


def _versions(root: Path, backend: str, index: ProjectIndex) -> str | None:
    """Where the revisions are: beside the known ones, else under `alembic.ini`'s
    ``script_location``, else a ``*/versions`` folder of the backend."""
    if index.migrations:
        return PurePosixPath(index.migrations[0].file).parent.as_posix()
    for ini in (root / backend / "alembic.ini", root / "alembic.ini", *root.glob("*/alembic.ini")):
        location = _script_location(ini, root.resolve())
        if location is not None:
            return (location / "versions").relative_to(root.resolve()).as_posix()
    found = sorted((root / backend).glob("*/versions"))
    return found[0].relative_to(root).as_posix() if found else None


def _script_location(ini: Path, root: Path) -> Path | None:
    """The folder `alembic.ini` names (``%(here)s`` is its own folder), if it is inside."""
    import configparser

    if not ini.is_file():
        return None
    parser = configparser.ConfigParser(defaults={"here": str(ini.parent)})
    try:
        parser.read(ini, encoding="utf-8")
        location = parser.get("alembic", "script_location", fallback=None)
    except (configparser.Error, UnicodeDecodeError):
        return None
    if not location or ":" in location.replace(str(ini.parent), ""):
        return None  # a package resource (``myapp:migrations``), not a folder
    folder = (ini.parent / location).resolve()
    return folder if folder.is_dir() and folder.is_relative_to(root) else None
