"""Plain tables: aligned in terminal columns, one row a line, control characters escaped."""

from __future__ import annotations

from orchestrator.cli.plain import text_table


def test_columns_align_by_terminal_width_and_the_last_is_not_padded() -> None:
    table = text_table("Title", ["name", "note"], [["日本", "wide"], ["e\u0301", "combining"]])
    assert table.splitlines() == [
        "Title",
        "name  note",
        "----  ----",
        "日本  wide",
        "e\u0301     combining",
    ]


def test_control_characters_are_escaped_and_a_caption_follows() -> None:
    table = text_table("T", ["x"], [["a\nb\x1b[31m"]], caption="the newest 1 of 2")
    assert table.splitlines() == ["T", "x", "-", "a\\nb\\x1b[31m", "the newest 1 of 2"]
