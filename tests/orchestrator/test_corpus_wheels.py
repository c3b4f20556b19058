"""stackcrew on real FastAPI + SQLAlchemy/SQLModel applications nobody here wrote: pinned
wheels from the package index (tests/fixtures/corpus/wheels.json), each unpacked into a git
repository, then `orchestrate init`, `orchestrate index` and `agent consult` as a new user
would run them.

The written rules the ownership is checked by, read from the code with `ast`:

* a table module defines a class whose body assigns `__tablename__`, or a class declared
  with `table=True` (SQLModel); an Alembic revision is a module that assigns both
  `revision` and `down_revision` at its top level. Each belongs to database.
* a frontend file is a script or style (`.js`, `.mjs`, `.jsx`, `.ts`, `.tsx`, `.vue`,
  `.svelte`, `.css`, `.scss`); none belongs to fastapi or database. (HTML is left out: a
  backend renders its own templates.)
* at least 98% of the Python files have an owner.

Routes are checked against each application's own `app.openapi()`, derived once
(tests/fixtures/corpus/derive_routes.py says how) and compared with the routes the index
says are in the schema of that application (`apps` in wheels.json: the index's name of it,
null for routers it found no application for), not those of the other applications a
package defines (a CLI's callback server, a gateway). Downloads are cached in ~/.cache/stackcrew-tests/wheels (or
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
import zipfile
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import agent, orchestrate

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
WHEELS = json.loads((CORPUS / "wheels.json").read_text())
FRONTEND = (".js", ".mjs", ".jsx", ".ts", ".tsx", ".vue", ".svelte", ".css", ".scss")
OWNED_SHARE = 0.98
# The index against each app's schema, as measured when the ground truth was derived, less
# a small margin: routes the schema leaves out are not counted against the index.
LEAST = {"recall": 0.97, "precision": 0.90}


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


@pytest.mark.parametrize("pin", WHEELS, ids=[w["dist"] for w in WHEELS])
def test_a_real_application_is_owned_indexed_and_answered(pin: dict, tmp_path: Path) -> None:
    root = repository(pin, tmp_path)
    done = orchestrate("init", root)
    assert done.exit_code == 0, done.output
    files = tracked(root)
    python = [f for f in files if f.endswith(".py")]
    found = owners(root, files)
    share = sum(found[f] is not None for f in python) / len(python)
    kinds = {f: kind_of((root / f).read_text("utf-8", "replace")) for f in python}
    data = [f for f, kind in kinds.items() if kind]
    frontend = [f for f in files if f.endswith(FRONTEND)]
    print(f"{pin['dist']}: {len(python)} Python files, {share:.1%} owned; "
          f"{len(data)} table modules and revisions; {len(frontend)} frontend files")  # fmt: skip
    assert share >= OWNED_SHARE
    assert [f for f in data if found[f] != "database"] == []
    assert [f for f in frontend if found[f] in ("fastapi", "database")] == []

    index = orchestrate("index", "--routes", "--json", "--project", root)
    assert index.exit_code == 0, index.output
    seen = {normalised(r["method"], r["path"]) for r in json.loads(index.stdout)["routes"]
            if r["include_in_schema"] and r["app"] in pin["apps"]}  # fmt: skip
    truth_file = CORPUS / f"{pin['dist']}-{pin['version']}.routes.json"
    truth = {normalised(m, p) for m, p in json.loads(truth_file.read_text())}
    recall, precision = len(seen & truth) / len(truth), len(seen & truth) / len(seen)
    print(
        f"  routes: {len(truth)} in the schema, {len(seen)} indexed; "
        f"recall {recall:.1%}, precision {precision:.1%}; missed {sorted(truth - seen)[:5]}"
    )
    assert recall >= LEAST["recall"] and precision >= LEAST["precision"]

    answer = agent("consult", "fastapi", pin["question"], "--project", root)
    assert answer.exit_code == 0, answer.output
    assert pin["expect"] in answer.stdout
