"""The project card: current only while every file it was made from is unchanged."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from orchestrator.project import open_project
from orchestrator.project_card import CARD_FILE, read_card, write_card
from project_state.cache_folder import CACHE_ROOT


@pytest.fixture
def carded(blog: Path) -> Path:
    assert write_card(open_project(blog))
    return blog


def test_a_written_card_reads_back(carded: Path) -> None:
    card = read_card(carded)
    assert card is not None
    assert card.consult_agents == ["fastapi", "database", "vue", "devops", "qa"]
    assert card.engine == "auto" and card.answers_from_index()
    assert (carded / CACHE_ROOT / ".gitignore").exists()


def test_no_card_or_a_damaged_one_is_none(blog: Path, carded: Path) -> None:
    path = carded / CACHE_ROOT / CARD_FILE
    path.write_text("{not json")
    assert read_card(carded) is None
    path.unlink()
    assert read_card(carded) is None


def test_a_card_of_another_root_is_not_used(carded: Path, tmp_path: Path) -> None:
    path = carded / CACHE_ROOT / CARD_FILE
    data = json.loads(path.read_text())
    data["root"] = str(tmp_path)
    path.write_text(json.dumps(data))
    assert read_card(carded) is None


def test_an_edit_in_the_same_tick_as_the_card_is_not_trusted(carded: Path) -> None:
    card_mtime = (carded / CACHE_ROOT / CARD_FILE).stat().st_mtime_ns
    config = carded / "stackcrew.yaml"
    os.utime(config, ns=(card_mtime, card_mtime))
    assert read_card(carded) is None


def test_a_new_project_agent_folder_is_noticed(carded: Path) -> None:
    (carded / ".stackcrew" / "agents").mkdir(parents=True)
    assert read_card(carded) is None


def test_a_model_in_the_environment_means_no_index_answers(
    carded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")
    card = read_card(carded)
    assert card is not None and not card.answers_from_index()


def test_an_unwritable_cache_is_not_an_error(blog: Path) -> None:
    (blog / CACHE_ROOT).write_text("a file where the folder would be")
    assert write_card(open_project(blog)) is False
