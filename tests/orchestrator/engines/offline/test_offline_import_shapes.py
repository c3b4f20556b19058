"""Whatever shape an import has, adding a name to it gives Python that parses, binds
exactly the names before plus the new one, keeps its layout and every comment, and is
idempotent."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestrator.engines.offline.insertion import add_import

POOL = ["Item", "User", "a", "b", "c", "x1", "zeta"]
LAYOUTS = ["on_the_line", "in_parentheses", "one_a_line", "one_a_line_trailing_comma"]


@st.composite
def imports(draw: st.DrawFn) -> str:
    """``from app.api import …`` laid out one of the ways people write it, with comments
    where a person may put them, and code after it."""
    names = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=5, unique=True))
    layout = draw(st.sampled_from(LAYOUTS))
    said = draw(st.lists(st.booleans(), min_size=len(names) + 2, max_size=len(names) + 2))
    after = "  # note" if said[0] else ""
    if layout == "on_the_line":
        return f"from app.api import {', '.join(names)}{after}\n\nx = 1\n"
    if layout == "in_parentheses":
        return f"from app.api import ({', '.join(names)}){after}\n\nx = 1\n"
    trailing = layout == "one_a_line_trailing_comma"
    rows = [
        f"    {name}{',' if i < len(names) - 1 or trailing else ''}{'  # note' if said[i + 1] else ''}\n"
        for i, name in enumerate(names)
    ]
    closing = "    # more to come\n" if said[-1] else ""
    return f"from app.api import ({after}\n{''.join(rows)}{closing})\n\nx = 1\n"


def _imported(text: str) -> list[str]:
    statement = ast.parse(text).body[0]
    assert isinstance(statement, ast.ImportFrom)
    return [alias.name for alias in statement.names]


# No clock in a test: a loaded machine slows the draws, which is no failure of the edit.
@settings(max_examples=300, deadline=None)
@given(text=imports(), name=st.sampled_from(POOL))
def test_adding_a_name_to_any_import_shape(text: str, name: str) -> None:
    edited = add_import(text, "app.api", name)
    assert sorted(_imported(edited)) == sorted({*_imported(text), name})
    assert edited.count("# ") == text.count("# ")
    assert edited.endswith("\n\nx = 1\n")
    assert add_import(edited, "app.api", name) == edited
    if name in _imported(text):
        assert edited == text
    else:  # one name a line stays so; names on the line stay on it
        one_a_line = text.split("\n", 1)[0].endswith(("(", "(  # note"))
        assert edited.count("\n") == text.count("\n") + one_a_line
