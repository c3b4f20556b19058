"""Files the index cannot parse: newer Python is read anyway, the rest is named in answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestrator.index import ProjectIndex, build_index
from orchestrator.replies.answer import answer

DEPS = (
    "from typing import Annotated\n"
    "from fastapi import Depends, HTTPException\n\n\n"
    "def get_current_user(token: str) -> str:\n"
    "    try:\n"
    "        return token.upper()\n"
    "    except ValueError, TypeError:\n"  # Python 3.14 (PEP 758)
    "        raise HTTPException(401)\n\n\n"
    "type UserId = int\n\n\n"  # Python 3.12 (PEP 695)
    "def first[T](items: list[T]) -> T:\n"
    "    return items[0]\n\n\n"
    "CurrentUser = Annotated[str, Depends(get_current_user)]\n"
)
ROUTES = (
    "from fastapi import APIRouter, FastAPI\n"
    "from app.deps import CurrentUser\n\n"
    "app = FastAPI()\n"
    "router = APIRouter(prefix='/notes')\n\n\n"
    "@router.get('/')\n"
    "def list_notes(user: CurrentUser) -> list[str]:\n"
    "    return []\n\n\n"
    "@router.get('/public')\n"
    "def public_notes() -> list[str]:\n"
    "    return []\n\n\n"
    "app.include_router(router)\n"
)


def project(root: Path, deps: str) -> ProjectIndex:
    (root / "app").mkdir()
    (root / "app" / "deps.py").write_text(deps)
    (root / "app" / "main.py").write_text(ROUTES)
    return build_index(root, use_cache=False)


def test_syntax_of_a_newer_python_is_read(tmp_path: Path) -> None:
    index = project(tmp_path, DEPS)
    assert index.skipped == []
    notes = {r.path: r for r in index.routes}
    assert notes["/notes/"].auth and not notes["/notes/public"].auth


@pytest.fixture
def broken(tmp_path: Path) -> ProjectIndex:
    return project(tmp_path, DEPS.replace("def get_current_user(", "def get_current_user(("))


def test_a_skipped_file_names_what_others_import_from_it(broken: ProjectIndex) -> None:
    (skipped,) = broken.skipped
    assert skipped.file == "app/deps.py" and "line 5" in skipped.reason
    assert skipped.hides == ["CurrentUser"]


def test_answers_say_what_a_skipped_file_may_hide(broken: ProjectIndex) -> None:
    reply = answer("fastapi", "note endpoints?", broken)
    (note,) = reply.facts["skipped"]
    assert note["file"] == "app/deps.py"
    assert note["routes_depending_on_it"] == ["GET /notes/"]
    assert "app/deps.py: SyntaxError at line 5" in reply.text
    assert "other modules import CurrentUser from it" in reply.text
    assert "1 of the endpoints above use what it defines, so their auth is unknown" in reply.text
    # QA answers from recorded reviews, not from the index: nothing to say there
    assert "skipped" not in answer("qa", "open findings?", broken).facts


def test_nesting_deeper_than_the_readers_reach_skips_only_that_file(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "sums.py").write_text("total = 1" + " + 1" * 100_000 + "\n")
    (tmp_path / "deep.ts").write_text(f"export type Deep = {'Array<' * 3000}string{'>' * 3000};\n")
    (tmp_path / "app" / "main.py").write_text(ROUTES)
    index = build_index(tmp_path, use_cache=False)
    reasons = {skipped.file: skipped.reason for skipped in index.skipped}
    assert reasons == {
        "app/sums.py": "nested too deeply to read",
        "deep.ts": "nested too deeply to read",
    }
    assert {r.path for r in index.routes} == {"/notes/", "/notes/public"}
