"""The ownership rules `orchestrate init` proposes for a repository it has not seen.

The agents' own patterns fit the layout stackcrew ships with. On another layout the
index says where things really are, and the proposal anchors a rule to each place, so
that with the last matching rule winning:

1. each Python package nobody owns goes to fastapi (`/server/polar/`), and so do the
   modules of a package devops's folder patterns claim by its name (`prefect/cli/deploy/`
   is the application's `deploy` command, not deployment manifests), and the project
   files (pyproject.toml, setup.cfg, lock files) of the folder nearest above its code;
2. each frontend (a folder with a package.json) goes to vue, so a frontend's
   `client/models/` is not the database's, and so does a built frontend shipped inside
   a Python package (the outermost folder of scripts and styles that holds no Python);
3. each module that defines a table (a mapped class) goes to database, even when it
   sits in the application package (`/backend/app/models.py`); a folder database's
   folder patterns claim by its name that holds Pydantic classes but no table and no
   revision (`app/models/` of request and response schemas) goes back to fastapi;
4. each folder of Alembic revisions (with its script location's env.py) goes to database;
5. browser end-to-end tests (an `e2e`, `cypress` or `playwright` folder, a Playwright or
   Cypress config) go to qa, even inside a frontend;
6. container files, compose files and `.env*` files go to devops, wherever they are.

Only rules that change some file's owner are proposed; broad rules come first.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

from agents.names import BuiltinAgent
from agents.ownership import OwnershipMap

if TYPE_CHECKING:
    from orchestrator.index.project_index import ProjectIndex

SKIPPED_PARTS = {"node_modules", ".venv", "venv", "site-packages", "project_state"}
E2E_FOLDERS = {"e2e", "cypress", "playwright"}
E2E_CONFIGS = ("playwright.config.*", "cypress.config.*")
TEST_DIR = re.compile(r"""\btestDir\s*:\s*['"]([^'"]+)['"]""")
FRONTEND_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".vue", ".svelte",
                     ".css", ".scss")  # fmt: skip
PYTHON_PROJECT = {"pyproject.toml", "setup.py", "setup.cfg", "Pipfile"}
PROJECT_FILES = (*PYTHON_PROJECT, "Pipfile.lock", "poetry.lock", "uv.lock", "pdm.lock",
                 "requirements*.txt")  # fmt: skip
TEST_FILES = ("*.spec.*", "*.test.*", "*.cy.*", "test_*.py", "*_test.py")
INFRA_FILES = ("Dockerfile", "Dockerfile.*", "*.dockerfile", ".dockerignore",
               "docker-compose*.yml", "docker-compose*.yaml", "compose*.yml", "compose*.yaml",
               ".env", ".env.*")  # fmt: skip


@dataclass(frozen=True)
class Proposed:
    pattern: str
    agent: BuiltinAgent  # what is found in a tree is proposed to a built-in
    why: str


def propose_ownership(
    files: list[str], ownership: OwnershipMap, index: ProjectIndex, root: Path | None = None
) -> list[Proposed]:
    """Rules to add after `ownership`'s, for the repository's `files` (POSIX, relative);
    with its `root`, end-to-end configs are read for the folder their tests are in."""
    files = [f for f in files if not SKIPPED_PARTS & set(PurePosixPath(f).parts)]
    candidates = [
        *_python_packages(files, ownership),
        *_python_project_files(files, ownership),
        *_schema_only_model_folders(files, ownership, index),
        *_frontends(files),
        *_bundled_frontends(files),
        *_table_modules(index),
        *_migration_folders(index, files),
        *_end_to_end_tests(files, root),
        *_infrastructure(files),
    ]
    owners = {f: ownership.owner_of(f) for f in files}
    kept: list[Proposed] = []
    for candidate in candidates:
        # The candidate comes last, so it decides every file it matches.
        pattern = GitIgnoreSpecPattern(candidate.pattern)  # compiled once, not once a file
        matched = [f for f in files if pattern.match_file(f)]
        if any(owners[f] != candidate.agent for f in matched):
            kept.append(candidate)
            owners.update(dict.fromkeys(matched, candidate.agent))
    return kept


def owned_share(files: list[str], ownership: OwnershipMap, suffix: str = ".py") -> tuple[int, int]:
    """(owned, all) among the `files` ending in `suffix`."""
    wanted = [f for f in files if f.endswith(suffix)]
    return sum(ownership.owner_of(f) is not None for f in wanted), len(wanted)


def _python_packages(files: list[str], ownership: OwnershipMap) -> list[Proposed]:
    """For each Python file nobody owns, the widest folder of its package that holds no
    file another agent owns (so `/src/` is not proposed over `src/migrations/`), or the
    file itself."""
    present = set(files)
    owner_of = {path: _code_owner(path, ownership.owner_of(path), present) for path in files}
    owners_below: dict[str, set[str | None]] = {}
    for path in files:
        for folder in PurePosixPath(path).parents:
            owners_below.setdefault(folder.as_posix(), set()).add(owner_of[path])
    roots = set()
    for path in files:
        if path.endswith(".py") and owner_of[path] is None:
            roots.add(_free_place(path, present, owners_below))
    return [Proposed(root, "fastapi", "Python code nobody owned") for root in sorted(roots)]


def _python_project_files(files: list[str], ownership: OwnershipMap) -> list[Proposed]:
    """The dependency and config files nobody owns of each Python project folder that is
    the nearest such folder above some of the application's code (owned by fastapi or
    nobody): whoever writes the code adds its dependencies."""
    folders = {PurePosixPath(f).parent for f in files if PurePosixPath(f).name in PYTHON_PROJECT}
    with_code = set()
    for path in files:
        if path.endswith(".py") and ownership.owner_of(path) in (None, "fastapi"):
            nearest = next((p for p in PurePosixPath(path).parents if p in folders), None)
            if nearest is not None:
                with_code.add(nearest)
    return [
        Proposed(f"/{path}", "fastapi", "the Python project's dependencies")
        for path in files
        if PurePosixPath(path).parent in with_code
        and any(fnmatchcase(PurePosixPath(path).name, p) for p in PROJECT_FILES)
        and ownership.owner_of(path) is None
    ]


def _code_owner(path: str, owner: str | None, present: set[str]) -> str | None:
    """`owner`, except that a module of a Python package devops would own (its `deploy/`,
    `infra/` or `k8s/` patterns matched the folder's name) is code nobody owns yet."""
    package = f"{PurePosixPath(path).parent.as_posix()}/__init__.py"
    if owner == "devops" and path.endswith(".py") and package in present:
        return None
    return owner


def _free_place(path: str, present: set[str], owners_below: dict[str, set[str | None]]) -> str:
    top = PurePosixPath(_package_root(path, present))
    chain = [top, *(p for p in PurePosixPath(path).parents if top in p.parents)]
    for folder in sorted(chain, key=lambda p: len(p.parts)):
        if folder.parts and owners_below.get(folder.as_posix(), set()) <= {None, "fastapi"}:
            return f"/{folder.as_posix()}/"
    return f"/{path}"  # no folder of it is free of other agents' files: the file alone


def _package_root(path: str, present: set[str]) -> str:
    """The outermost folder of the package chain holding `path` (its folder when none)."""
    folder = PurePosixPath(path).parent
    top = folder
    while folder != PurePosixPath(".") and f"{folder}/__init__.py" in present:
        top, folder = folder, folder.parent
    return top.as_posix()


def _frontends(files: list[str]) -> list[Proposed]:
    roots = sorted({PurePosixPath(f).parent.as_posix() for f in files
                    if PurePosixPath(f).name == "package.json"})  # fmt: skip
    return [Proposed(f"/{root}/", "vue", "a frontend (package.json)")
            for root in roots if root != "."]  # fmt: skip


def _bundled_frontends(files: list[str]) -> list[Proposed]:
    """Scripts and styles inside a Python package, outside any package.json's folder: for
    each, the outermost folder around it that holds no Python file."""
    with_python = {
        p.as_posix() for f in files if f.endswith(".py") for p in PurePosixPath(f).parents
    }
    roots = {PurePosixPath(f).parent for f in files if PurePosixPath(f).name == "package.json"}
    found = set()
    for path in files:
        if not path.endswith(FRONTEND_SUFFIXES):
            continue
        parents = [p for p in PurePosixPath(path).parents if p.parts]
        if any(p in roots for p in parents):
            continue
        outermost = None
        for folder in parents:  # nearest first
            if folder.as_posix() in with_python:
                break
            outermost = folder
        if (
            outermost is not None
            and outermost.parent.as_posix() in with_python
            and outermost.parent.parts
        ):
            found.add(outermost.as_posix())
    return [Proposed(f"/{folder}/", "vue", "a built frontend inside a Python package")
            for folder in sorted(found)]  # fmt: skip


def _schema_only_model_folders(
    files: list[str], ownership: OwnershipMap, index: ProjectIndex
) -> list[Proposed]:
    """The outermost folders database owns by their name (its `models/` pattern) that
    define Pydantic classes and neither a table nor a revision: the API's schemas."""
    names = {p.strip("/") for p in ownership.patterns_of("database")
             if p.endswith("/") and "/" not in p.strip("/")}  # fmt: skip
    tables = {m.file for m in index.models} | {m.file for m in index.migrations}
    schemas = {s.file for s in index.schemas}
    below: dict[str, list[str]] = {}
    for path in files:
        if ownership.owner_of(path) != "database":
            continue
        named = [p for p in PurePosixPath(path).parents if p.name in names]
        if named:  # nearest first: the last is the outermost
            below.setdefault(named[-1].as_posix(), []).append(path)
    return [
        Proposed(f"/{folder}/", "fastapi", "Pydantic models, no table")
        for folder, inside in sorted(below.items())
        if schemas & set(inside) and not tables & set(inside)
    ]


def _table_modules(index: ProjectIndex) -> list[Proposed]:
    modules = sorted({model.file for model in index.models})
    return [Proposed(f"/{module}", "database", "defines a table") for module in modules]


def _migration_folders(index: ProjectIndex, files: list[str]) -> list[Proposed]:
    """Each folder of revisions; when it is the `versions/` of a script location (an
    `env.py` beside it), the whole script location, env.py and template included."""
    present = set(files)
    folders = set()
    for migration in index.migrations:
        folder = PurePosixPath(migration.file).parent
        script_location = folder.parent
        if folder.name == "versions" and f"{script_location.as_posix()}/env.py" in present:
            folder = script_location
        folders.add(folder.as_posix())
    return [Proposed(f"/{folder}/", "database", "Alembic revisions") for folder in sorted(folders)]


def _end_to_end_tests(files: list[str], root: Path | None) -> list[Proposed]:
    """Folders named for browser tests that hold tests (an app's own `playwright/` module
    of scraping code is no test folder), and the test runners' configs."""
    folders, configs = set(), set()
    for path in files:
        parts = PurePosixPath(path).parts
        named = next((i for i, part in enumerate(parts[:-1]) if part in E2E_FOLDERS), None)
        if named is not None and any(fnmatchcase(parts[-1], p) for p in TEST_FILES):
            folders.add("/".join(parts[: named + 1]))
        elif any(fnmatchcase(parts[-1], pattern) for pattern in E2E_CONFIGS):
            configs.add(path)
            folders.update(_test_dir_of(root, path))
    return [
        Proposed(f"/{folder}/", "qa", "browser end-to-end tests") for folder in sorted(folders)
    ] + [Proposed(f"/{config}", "qa", "end-to-end test config") for config in sorted(configs)]


def _test_dir_of(root: Path | None, config: str) -> list[str]:
    """The folder a Playwright config's `testDir` names (Playwright's default, the config's
    own folder, would be the whole frontend: then nothing)."""
    if root is None:
        return []
    try:
        found = TEST_DIR.search((root / config).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return []
    if found is None:
        return []
    folder = posixpath.normpath(posixpath.join(posixpath.dirname(config), found.group(1)))
    inside = folder != posixpath.dirname(config) and not folder.startswith("..")
    return [folder] if inside and folder != "." else []


def _infrastructure(files: list[str]) -> list[Proposed]:
    found = [f for f in files if any(fnmatchcase(PurePosixPath(f).name, p) for p in INFRA_FILES)]
    return [Proposed(f"/{path}", "devops", "containers, compose or environment") for path in found]
