"""Remembered answers: found again for the same key and build, never for another."""

from __future__ import annotations

from pathlib import Path

from orchestrator.replies import stored
from orchestrator.replies.stored import answer_key, remember_answer, stored_answer
from project_state.cache_folder import CACHE_ROOT


def test_an_answer_is_found_for_its_key_and_build_only(tmp_path: Path) -> None:
    root = str(tmp_path)
    key = answer_key("fastapi", "user endpoints?", False, {})
    remember_answer(root, "b1", key, "Endpoints about user: 0\n")
    assert stored_answer(root, "b1", key) == "Endpoints about user: 0\n"
    assert stored_answer(root, "b2", key) is None
    for other in (
        answer_key("fastapi", "user endpoints?", True, {}),
        answer_key("fastapi", "users?", False, {}),
        answer_key("database", "user endpoints?", False, {}),
        answer_key("fastapi", "user endpoints?", False, {"app/schemas": "frontend/types"}),
    ):
        assert other != key and stored_answer(root, "b1", other) is None


def test_a_new_build_forgets_the_answers_of_the_others(tmp_path: Path) -> None:
    root = str(tmp_path)
    key = answer_key("vue", "types?", False, {})
    remember_answer(root, "b1", key, "old\n")
    remember_answer(root, "b2", key, "new\n")
    assert stored_answer(root, "b1", key) is None
    assert sorted(p.name for p in (tmp_path / CACHE_ROOT / "answers").iterdir()) == ["b2"]


def test_a_build_keeps_so_many_answers(tmp_path: Path) -> None:
    root = str(tmp_path)
    keys = [answer_key("vue", f"type {n}?", False, {}) for n in range(stored.KEPT_ANSWERS + 1)]
    for key in keys:
        remember_answer(root, "b1", key, "types\n")
    found = [stored_answer(root, "b1", key) for key in keys]
    assert found[:-1] == ["types\n"] * stored.KEPT_ANSWERS and found[-1] is None


def test_a_file_holding_another_key_is_not_its_answer(tmp_path: Path) -> None:
    root = str(tmp_path)
    key = answer_key("vue", "types?", False, {})
    remember_answer(root, "b1", key, "types\n")
    (stored,) = (tmp_path / CACHE_ROOT / "answers" / "b1").iterdir()
    stored.write_bytes(b'["another key"]\nnot this answer\n')  # as a hash collision would
    assert stored_answer(root, "b1", key) is None


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    (tmp_path / CACHE_ROOT).write_text("a file where the folder would be")
    key = answer_key("vue", "types?", False, {})
    remember_answer(str(tmp_path), "b1", key, "types\n")
    assert stored_answer(str(tmp_path), "b1", key) is None


def test_the_code_that_shapes_an_answer_is_where_the_key_looks() -> None:
    folders, modules = stored.ANSWER_CODE
    packages = Path(stored.__file__).parents[2]
    assert all((packages / folder).is_dir() for folder in folders)
    assert all((packages / module).is_file() for module in modules)


def test_a_linked_answers_folder_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / CACHE_ROOT).mkdir()
    (tmp_path / CACHE_ROOT / "answers").symlink_to(elsewhere)
    remember_answer(str(tmp_path), "b1", answer_key("vue", "types?", False, {}), "types\n")
    assert list(elsewhere.iterdir()) == []
