"""The routes section's keys: the routes a question keeps are those it would keep of all,
read both ways, and a route that mentions none of its words is never looked at."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from orchestrator.index import ProjectIndex, build_index
from orchestrator.index.answer.query import routes_about
from orchestrator.index.cache.plain_rows import plain_index
from orchestrator.index.cache.store import CACHE_DIR, IndexCache

APP = """from fastapi import FastAPI

app = FastAPI()


@app.get("/İstanbul/users", tags=["İller", "İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ"])
def city_users():
    return []


@app.get("/Users/{user_id}", tags=["People"])
def one_user(user_id: int):
    return {}


@app.post("/orders", tags=["USERS"])
def new_order():
    return {}


@app.get("/orders/{order_id}")
def one_order(order_id: int):
    return {}


@app.get("/health")
def health():
    return "ok"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Paths and tags in upper case, and a letter (İ) that lowercases to two, so often that
    the lowercased text of the keys is no longer in step with the text."""
    root = tmp_path / "project"
    (root / "app").mkdir(parents=True)
    (root / "app" / "main.py").write_text(APP, encoding="utf-8")
    return root


def _never() -> ProjectIndex:
    raise AssertionError("nothing was damaged: nothing is built again")


def _both(root: Path) -> tuple[ProjectIndex, ProjectIndex, ProjectIndex]:
    """The index built, then read back from its cache with and without the fact classes."""
    built = build_index(root, background=False)
    ready = IndexCache(root).load_ready()
    assert ready is not None
    classes = IndexCache(root).ready_index(ready, _never)
    plain = plain_index(str(root), ready.build, _never)
    assert classes is not None and plain is not None
    return built, classes, plain


class KeepAll:
    """Keeps every route it is asked about, and remembers their paths."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, path: str, _tags: list[str]) -> bool:
        self.paths.append(path)
        return True


def _operations(routes: list[Any]) -> list[str]:
    return [f"{route.method} {route.path}" for route in routes]


@pytest.mark.parametrize(
    ("resources", "expected"),
    [
        (["user"], ["GET /İstanbul/users", "GET /Users/{user_id}", "POST /orders"]),
        (["order"], ["POST /orders", "GET /orders/{order_id}"]),
        (["istanbul"], []),  # `İstanbul` lowercases to `i̇stanbul`, with a dot
        (["health", "order"], ["POST /orders", "GET /orders/{order_id}", "GET /health"]),
    ],
)
def test_a_question_keeps_the_same_routes_however_the_index_is_read(
    project: Path, resources: list[str], expected: list[str]
) -> None:
    built, classes, plain = _both(project)
    wanted = _operations(routes_about(built, resources))
    assert wanted == expected
    assert _operations(routes_about(classes, resources)) == wanted
    assert _operations(routes_about(plain, resources)) == wanted


def test_only_the_routes_that_mention_a_word_are_looked_at(project: Path) -> None:
    _, classes, plain = _both(project)
    for index in (classes, plain):
        keep = KeepAll()
        picked = index.routes_where(keep, ("order",))
        assert keep.paths == ["/orders", "/orders/{order_id}"]
        assert _operations(picked) == ["POST /orders", "GET /orders/{order_id}"]
        assert "routes" not in index._sections  # no other route was decoded


def test_without_words_every_route_is_looked_at(project: Path) -> None:
    built, _, plain = _both(project)
    picked = plain.routes_where(lambda path, tags: "{" in path)
    assert _operations(picked) == ["GET /Users/{user_id}", "GET /orders/{order_id}"]
    assert plain.routes_where(lambda path, tags: True, ()) == []
    assert len(plain.routes_where(lambda path, tags: True)) == len(built.routes)


@pytest.mark.parametrize("damage", ["a key lost", "a row longer", "no starts"])
def test_keys_that_are_not_those_of_the_rows_are_made_again(project: Path, damage: str) -> None:
    built, _, _ = _both(project)
    path = project / CACHE_DIR / "ready-routes.json"
    lines = path.read_bytes().split(b"\n")
    count = json.loads(lines[0])["count"]
    if damage == "a key lost":
        del lines[1 + count]
    elif damage == "a row longer":
        lines[1] = lines[1][:-1] + b',"more"]'
    else:
        del lines[-1]
    path.write_bytes(b"\n".join(lines))
    made: list[ProjectIndex] = []

    def rebuild() -> ProjectIndex:
        made.append(build_index(project, use_cache=False))
        return made[-1]

    build = json.loads((project / CACHE_DIR / "ready.json").read_text())["build"]
    plain = plain_index(str(project), build, rebuild)
    assert plain is not None
    picked = routes_about(plain, ["user"])
    assert _operations(picked) == _operations(routes_about(built, ["user"]))
    assert len(made) == 1
