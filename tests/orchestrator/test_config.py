"""stackcrew.yaml: optional, strict, and errors that point at the line."""

from __future__ import annotations

import pytest

from orchestrator.config import Config, load_config
from orchestrator.errors import ConfigError


def test_missing_file_means_defaults(tmp_path):
    assert load_config(tmp_path) == Config()


def test_values_are_read(tmp_path):
    (tmp_path / "stackcrew.yaml").write_text(
        "version: 1\nproject: shop\nownership:\n  - {pattern: docs/, agent: devops}\n"
    )
    config = load_config(tmp_path)
    assert config.project == "shop"
    assert [(r.pattern, r.agent) for r in config.ownership_rules()] == [("docs/", "devops")]


def test_unknown_key_names_key_and_line(tmp_path):
    (tmp_path / "stackcrew.yaml").write_text("version: 1\nprojekt: shop\n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.message.startswith("stackcrew.yaml:2:")
    assert "projekt" in caught.value.message
    assert "project" in caught.value.hint


def test_wrong_type_deep_in_a_list_points_at_it(tmp_path):
    (tmp_path / "stackcrew.yaml").write_text(
        "ownership:\n  - pattern: docs/\n    agent: devops\n  - pattern: 3\n    agentt: qa\n"
    )
    with pytest.raises(ConfigError, match=r"stackcrew\.yaml:4:\d+: ownership\[1\]\."):
        load_config(tmp_path)


def test_invalid_yaml_names_line_and_column(tmp_path):
    (tmp_path / "stackcrew.yaml").write_text("project: [shop\n")
    with pytest.raises(ConfigError, match=r"stackcrew\.yaml:\d+:\d+: invalid YAML"):
        load_config(tmp_path)
