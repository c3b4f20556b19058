"""TypeScript declarations in .ts files and .vue script blocks."""

from __future__ import annotations

from pathlib import Path

from orchestrator.index import ProjectIndex, TsType, build_index

FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"


def ts(index: ProjectIndex, name: str) -> TsType:
    (found,) = [t for t in index.ts_types if t.name == name]
    return found


def props(t: TsType) -> dict[str, tuple[str, bool, int]]:
    return {p.name: (p.type, p.optional, p.line) for p in t.properties}


def test_interface_extends_across_files() -> None:
    index = build_index(FIXTURES / "frontend", use_cache=False)
    user = ts(index, "User")
    assert (user.file, user.line, user.exported, user.extends) == (
        "src/types/user.ts",
        5,
        True,
        ["Entity", "Timestamped"],
    )
    assert props(user) == {
        "id": ("number", False, 2),
        "created_at": ("string", False, 3),
        "updated_at": ("string | null", True, 7),
        "email": ("string", False, 6),
        "name": ("string", False, 7),
        "role": ("Role", False, 8),
        "tags": ("string[]", False, 9),
        "display-name": ("string", True, 10),
    }
    inherited = {p.name: p.inherited_from for p in user.properties}
    assert inherited["id"] == "Entity" and inherited["email"] is None
    assert next(p for p in user.properties if p.name == "id").file == "src/types/base.ts"
    assert next(p for p in user.properties if p.name == "tags").readonly


def test_type_aliases_unions_intersections_and_enums() -> None:
    index = build_index(FIXTURES / "frontend", use_cache=False)
    assert ts(index, "Role").shape == ["union", [["lit", "admin"], ["lit", "member"]]]
    assert props(ts(index, "UserCreate"))["role"] == ("Role", True, 17)
    with_team = ts(index, "UserWithTeam")
    assert with_team.extends == ["User"] and "email" in props(with_team)
    team = next(p for p in with_team.properties if p.name == "team")
    assert team.shape == ["union", [["ref", "Team"], ["null"]]]
    shapes = {p.name: p.shape for p in ts(index, "Team").properties}
    assert shapes == {
        "id": ["number"],
        "members": ["array", ["ref", "User"]],
        "scores": ["record", ["number"]],
    }
    assert ts(index, "Status").kind == "enum"
    assert ts(index, "Status").shape == ["union", [["lit", "active"], ["lit", "banned"]]]


def test_vue_script_blocks_keep_file_line_numbers() -> None:
    index = build_index(FIXTURES / "frontend", use_cache=False)
    card = ts(index, "Props")
    assert (card.file, card.line) == ("src/components/UserCard.vue", 11)
    assert props(card) == {"user": ("User", False, 12), "compact": ("boolean", True, 13)}
    assert (ts(index, "PanelOptions").line, ts(index, "PanelState").line) == (2, 12)
    assert props(ts(index, "PanelState"))["options"] == ("PanelOptions", False, 14)
    assert not [t for t in index.ts_types if t.file.endswith("Plain.vue")]
    assert index.skipped == []


def test_broken_typescript_keeps_good_declarations_and_reports_the_line(tmp_path: Path) -> None:
    (tmp_path / "types.ts").write_text("export interface Ok { a: number }\ninterface Bad { b: \n")
    index = build_index(tmp_path, use_cache=False)
    assert [t.name for t in index.ts_types] == ["Ok"]
    (skipped,) = index.skipped
    assert skipped.file == "types.ts" and "line 2" in skipped.reason


def test_a_union_of_thousands_is_read_whole_and_in_order(tmp_path: Path) -> None:
    """Generated API clients write unions of thousands of members, which the parser nests
    one level per member."""
    members = [f'"code{i}"' for i in range(5000)]
    (tmp_path / "codes.ts").write_text(f"export type Code = {' | '.join(members)};\n")
    index = build_index(tmp_path, use_cache=False)
    assert index.skipped == []
    kind, shapes = ts(index, "Code").shape
    assert kind == "union" and [value for _, value in shapes] == [f"code{i}" for i in range(5000)]


def test_a_bare_ampersand_in_jsx_text_is_no_syntax_error(tmp_path: Path) -> None:
    """Valid TSX the grammar misreads as an unfinished ``&amp;`` (8 of a real app's pages):
    the file is read, not listed as skipped; a real error in the same file still is."""
    page = (
        "export interface Plan { id: number }\n"
        "export function Pricing() {\n"
        "  return <p>Cards & banks <b>now</b></p>;\n"
        "}\n"
    )
    (tmp_path / "Pricing.tsx").write_text(page)
    (tmp_path / "Broken.tsx").write_text(page.replace("return <p>", "return <p>>{"))
    index = build_index(tmp_path, use_cache=False)
    assert [s.file for s in index.skipped] == ["Broken.tsx"]
    assert index.skipped[0].reason.startswith("TypeScript syntax error at line")
    assert [t.file for t in index.ts_types if t.name == "Plan"] == ["Broken.tsx", "Pricing.tsx"]
