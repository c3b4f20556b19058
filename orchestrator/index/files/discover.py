"""Which files of a repository the index reads, found with one walk of the tree.

Directories in `SKIP_DIRS` are never entered and symbolic links to directories are not
followed. A file is read when its name says what it is: ``*.py``, ``*.ts``/``*.mts``/
``*.cts``, ``*.tsx``, ``*.vue``, a compose file (``docker-compose.yml``,
``compose.yaml``, and ``docker-compose.<anything>.yml`` or ``compose.<anything>.yml``
such as ``compose.override.yml``) or a dotenv file (``.env``, ``.env.<anything>`` such
as ``.env.example`` or ``.env.local``, ``env.example``, ``<name>.env``; not ``.envrc``,
which is a shell script).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from orchestrator.index.infra.env_examples import ENV_EXAMPLE_NAMES

SKIP_DIRS = frozenset(
    {
        ".git",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".stackcrew-cache",
        "project_state",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
        ".hypothesis",
    }
)


COMPOSE_NAMES = frozenset(
    {"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"}
)


@dataclass(slots=True)
class FoundFile:
    path: str  # absolute, as the OS spells it
    kind: str  # python | typescript | tsx | vue | compose | env
    mtime_ns: int
    size: int


@dataclass(slots=True)
class Walk:
    """What a walk saw besides the files it found: each folder's modification time, taken
    before the folder was listed (by its repo-relative prefix: ``""``, ``"app/"``), and the
    entries named like a file the index reads that were not one (a dangling link): what a
    later check of the folders alone must look at again."""

    folders: dict[str, int] = field(default_factory=dict)
    odd: list[str] = field(default_factory=list)


def file_kind(name: str) -> str | None:
    if name.endswith(".py"):
        return "python"
    if name.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    if name.endswith(".tsx"):
        return "tsx"
    if name.endswith(".vue"):
        return "vue"
    if name in COMPOSE_NAMES or (
        name.startswith(("docker-compose.", "compose.")) and name.endswith((".yml", ".yaml"))
    ):
        return "compose"
    if (
        name in ENV_EXAMPLE_NAMES
        or name == ".env"
        or name.startswith(".env.")
        or (name.endswith(".env") and len(name) > len(".env"))
    ):
        return "env"
    return None


def discover(root: str, walk: Walk | None = None) -> dict[str, FoundFile]:
    """Repo-relative POSIX path -> the file, for every file the index reads, in path order;
    `walk`, when given, receives the folders' modification times and the odd entries."""
    found: dict[str, FoundFile] = {}
    pending = [(root, "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            if walk is not None:
                walk.folders[prefix] = os.stat(directory).st_mtime_ns
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            _visit(entry, prefix, pending, found, walk)
    return dict(sorted(found.items()))


def _visit(
    entry: os.DirEntry[str],
    prefix: str,
    pending: list[tuple[str, str]],
    found: dict[str, FoundFile],
    walk: Walk | None,
) -> None:
    name = entry.name
    try:
        if entry.is_dir(follow_symlinks=False):
            if name not in SKIP_DIRS:
                pending.append((entry.path, f"{prefix}{name}/"))
            return
        kind = file_kind(name)
        if kind is None:
            return
        if not entry.is_file():
            if walk is not None:
                walk.odd.append(prefix + name)
            return
        stat = entry.stat()
    except OSError:
        return
    found[prefix + name] = FoundFile(entry.path, kind, stat.st_mtime_ns, stat.st_size)
