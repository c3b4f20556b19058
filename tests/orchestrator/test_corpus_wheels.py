"""stackcrew on real FastAPI + SQLAlchemy/SQLModel applications nobody here wrote: pinned
wheels from the package index (tests/fixtures/corpus/wheels.json), each unpacked into a git
repository, then `orchestrate init`, `orchestrate index` and `agent consult` as a new user
would run them.

The written rules the ownership is checked by, read from the code with `ast`:

* a table module defines a class whose body assigns `__tablename__` or defines it as a
  method (a `declared_attr` naming every subclass's table, as prefect's `Base` does), or a
  class declared with `table=True` (SQLModel); an Alembic revision is a module that
  assigns both `revision` and `down_revision` at its top level. Each belongs to database.
* a Python file of the application's packages (a top-level folder with `__init__.py`)
  belongs to neither vue, qa nor devops.
* a frontend file is a script or style (`.js`, `.mjs`, `.jsx`, `.ts`, `.tsx`, `.vue`,
  `.svelte`, `.css`, `.scss`); none belongs to fastapi or database. (HTML is left out: a
  backend renders its own templates.)
* at least 98% of the Python files have an owner.

Routes are checked against each application's own `app.openapi()`, derived once
(tests/fixtures/corpus/derive_routes.py says how) and compared with the routes the index
says are in the schema of that application (`apps` in wheels.json: the index's name of it,
null for routers it found no application for), not those of the other applications a
package defines (a CLI's callback server, a gateway). `mount_prefix` in wheels.json is the
prefix the application adds at run time by mounting (prefect serves its API under `/api`);
when `openapi_has_mount_prefix` says the schema's paths carry it, it is taken off them,
since the index sees the routers' own prefixes only. Downloads are cached in ~/.cache/stackcrew-tests/wheels (or
$STACKCREW_TEST_CACHE) and checked against their pinned sha256.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import agent, orchestrate

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
WHEELS = json.loads((CORPUS / "wheels.json").read_text())
FRONTEND = (".js", ".mjs", ".jsx", ".ts", ".tsx", ".vue", ".svelte", ".css", ".scss")
NOT_PYTHON_AGENTS = ("vue", "qa", "devops")
ANSWERED_ROUTE = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*)", re.MULTILINE)
OWNED_SHARE = 0.98
# The index against each app's schema may fall this far below what was measured (`measured`
# in wheels.json, with the ground truth): routes the schema leaves out are not counted.
MARGIN = 0.02


def cache_dir() -> Path:
    explicit = os.environ.get("STACKCREW_TEST_CACHE")
    base = Path(explicit) if explicit else Path.home() / ".cache" / "stackcrew-tests"
    folder = base / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wheel(pin: dict) -> Path:
    """The pinned wheel, downloaded once (no dependencies) and checked by its hash."""
    path = cache_dir() / pin["file"]
    if not path.is_file():
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
             "--quiet", "--dest", str(path.parent), f"{pin['dist']}=={pin['version']}"],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"cannot download {pin['file']}: {done.stderr[-2000:]}"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == pin["sha256"], f"{path} is not the pinned wheel (sha256 {digest})"
    return path


def repository(pin: dict, where: Path) -> Path:
    root = where / pin["dist"]
    with zipfile.ZipFile(wheel(pin)) as archive:
        archive.extractall(root)
    for args in (["init", "-q"], ["add", "-A"],
                 ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "wheel"]):  # fmt: skip
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def tracked(root: Path) -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    return [p for p in listed.stdout.decode().split("\0") if p]


def kind_of(text: str) -> str | None:
    """ "table", "revision" or None, by the written rule above."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    top = {t.id for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)
           for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}  # fmt: skip
    if {"revision", "down_revision"} <= top:
        return "revision"
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        if any(k.arg == "table" and isinstance(k.value, ast.Constant) and k.value.value is True
               for k in node.keywords):  # fmt: skip
            return "table"
        for statement in node.body:
            if isinstance(statement, ast.FunctionDef) and statement.name == "__tablename__":
                return "table"
            # `__tablename__: str` alone (a Protocol's) declares, it does not assign
            targets = statement.targets if isinstance(statement, ast.Assign) else (
                [statement.target] if isinstance(statement, ast.AnnAssign) and statement.value else [])  # fmt: skip
            if any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in targets):
                return "table"
    return None


def owners(root: Path, paths: list[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for start in range(0, len(paths), 500):
        done = orchestrate("owners", "--json", *paths[start : start + 500], "--project", root)
        assert done.exit_code == 0, done.output
        found.update({row["path"]: row["owner"] for row in json.loads(done.stdout)})
    return found


def normalised(method: str, path: str) -> tuple[str, str]:
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path).rstrip("/") or "/"


def ground_truth(pin: dict) -> set[tuple[str, str]]:
    """The schema's routes as the routers declare them: without the run-time mount prefix
    when the schema's paths carry it."""
    prefix = pin["mount_prefix"] if pin["openapi_has_mount_prefix"] else ""
    truth_file = CORPUS / f"{pin['dist']}-{pin['version']}.routes.json"
    pairs = json.loads(truth_file.read_text())
    assert all(p.startswith(prefix) for _, p in pairs), f"not all under {prefix!r}"
    return {normalised(m, p[len(prefix) :]) for m, p in pairs}


def application_python(files: list[str]) -> list[str]:
    """The Python files under the wheel's top-level packages."""
    present = set(files)
    return [f for f in files if f.endswith(".py") and f"{f.split('/')[0]}/__init__.py" in present]


@pytest.mark.parametrize("pin", WHEELS, ids=[w["dist"] for w in WHEELS])
def test_a_real_application_is_owned_indexed_and_answered(pin: dict, tmp_path: Path) -> None:
    started = time.monotonic()
    root = repository(pin, tmp_path)
    done = orchestrate("init", root)
    assert done.exit_code == 0, done.output
    files = tracked(root)
    python = [f for f in files if f.endswith(".py")]
    found = owners(root, files)
    share = sum(found[f] is not None for f in python) / len(python)
    kinds = {f: kind_of((root / f).read_text("utf-8", "replace")) for f in python}
    data = [f for f, kind in kinds.items() if kind]
    tables = sum(kind == "table" for kind in kinds.values())
    frontend = [f for f in files if f.endswith(FRONTEND)]
    print(f"\n{pin['dist']}: {len(python)} Python files, {share:.1%} owned; "
          f"{tables} table modules, {len(data) - tables} revisions; "
          f"{len(frontend)} frontend files")  # fmt: skip
    assert share >= OWNED_SHARE
    assert [f for f in data if found[f] != "database"] == []
    assert [f for f in frontend if found[f] in ("fastapi", "database")] == []
    misplaced = [(f, found[f]) for f in application_python(files) if found[f] in NOT_PYTHON_AGENTS]
    assert misplaced == []

    index = orchestrate("index", "--routes", "--json", "--project", root)
    assert index.exit_code == 0, index.output
    seen = {normalised(r["method"], r["path"]) for r in json.loads(index.stdout)["routes"]
            if r["include_in_schema"] and r["app"] in pin["apps"]}  # fmt: skip
    truth = ground_truth(pin)
    recall, precision = len(seen & truth) / len(truth), len(seen & truth) / len(seen)
    print(
        f"  routes: {len(truth)} in the schema, {len(seen)} indexed; "
        f"recall {recall:.1%}, precision {precision:.1%}; missed {sorted(truth - seen)[:5]}"
    )
    least = {name: level - MARGIN for name, level in pin["measured"].items()}
    assert recall >= least["recall"] and precision >= least["precision"]

    answer = agent("consult", "fastapi", pin["question"], "--project", root)
    assert answer.exit_code == 0, answer.output
    assert pin["expect"] in answer.stdout
    named = {normalised(m, p) for m, p in ANSWERED_ROUTE.findall(answer.stdout)}
    assert named & truth, "the answer names no route of the application's schema"
    print(f"  consult names {len(named & truth)} schema routes; {time.monotonic() - started:.1f}s")
