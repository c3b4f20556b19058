"""Python written for 3.12–3.14 is indexed by an older interpreter, every line in its place
(forms taken from a real 3.14 application: generic repositories and services, f-strings
that span lines or reuse their quote)."""

from __future__ import annotations

import sys
from pathlib import Path

from orchestrator.index import ProjectIndex, build_index

ROUTES = """from typing import Any, Protocol

from fastapi import APIRouter

router = APIRouter(prefix="/orders")


class Identified[ID: int | str](Protocol):
    id: ID


class Repository[M: Identified[Any], K: (int, str) = int]:
    model: type[M]


class Service[
    ModelType: Identified[Any],  # a comment with a ] in it
    CreateType: dict[str, list[int]],
](
    Repository[ModelType],
):
    pass


def first[T: tuple[Any, ...]](items: list[T]) -> T:
    return items[0]


def label(order: dict[str, Any]) -> str:
    return f"{order["code"]}-{
        order["number"]  # the number, padded
    }"


@router.get("/{order_id}", summary=f"one order, {'as' + f"{'json'!r}"}")
def get_order(order_id: int) -> dict[str, str]:
    return {"label": f"-{
        order_id
    }", "id": f"{order_id:{'>'}{8}}"}


@router.delete("/{order_id}")
def delete_order(order_id: int) -> None:
    return None
"""


def index_of(root: Path, source: str) -> ProjectIndex:
    (root / "app").mkdir()
    (root / "app" / "orders.py").write_text(source)
    return build_index(root, use_cache=False)


def test_a_newer_module_is_read_with_its_routes_on_their_lines(tmp_path: Path) -> None:
    index = index_of(tmp_path, ROUTES)
    assert index.skipped == []
    lines = ROUTES.splitlines()
    routes = {(r.method, r.path): r for r in index.routes}
    assert set(routes) == {("GET", "/orders/{order_id}"), ("DELETE", "/orders/{order_id}")}
    for route in routes.values():
        assert lines[route.line - 1].startswith(f"def {route.handler}("), route


def test_this_interpreter_cannot_read_it_alone(tmp_path: Path) -> None:
    """The cases above are newer than the interpreter running the suite, or they prove
    nothing about the repairs."""
    if sys.version_info >= (3, 12):
        return
    try:
        compile(ROUTES, "orders.py", "exec")
    except SyntaxError:
        return
    raise AssertionError("the module above should need a newer Python")


def test_a_broken_line_after_a_repaired_one_is_the_one_reported(tmp_path: Path) -> None:
    broken = ROUTES.replace("def delete_order(order_id: int)", "def delete_order((order_id: int)")
    (skipped,) = index_of(tmp_path, broken).skipped
    line = broken.splitlines().index("def delete_order((order_id: int) -> None:") + 1
    assert f"line {line}" in skipped.reason


def test_an_unclosed_type_parameter_list_is_skipped_not_looped(tmp_path: Path) -> None:
    (skipped,) = index_of(tmp_path, "class Box[T: list[int]:\n    pass\n").skipped
    assert skipped.file == "app/orders.py" and "line 1" in skipped.reason


GENERIC_SCHEMAS = """from pydantic import BaseModel


class Page[T](BaseModel):
    items: list[T]


class UserPage[T](Page[T]):
    total: int = 0


type UserIds[K] = list[K]
LIMIT: dict[str, int] = {"users": 50}
"""


def test_a_repaired_line_keeps_the_text_after_the_repair(tmp_path: Path) -> None:
    """Facts are cut from the file as written at the parsed tree's columns: a repair that
    moved what follows it would cut `T](Page[` for a base, and lose the schema."""
    index = index_of(tmp_path, GENERIC_SCHEMAS)
    schemas = {s.name: s for s in index.schemas}
    assert schemas["UserPage"].bases == ["Page[T]"]
    assert [(f.name, f.type, f.default) for f in schemas["UserPage"].fields] == [
        ("items", "list[T]", None),
        ("total", "int", "0"),
    ]
