"""One depth limit for every JSON and YAML input."""

from __future__ import annotations

import pytest
import yaml

from project_state.nesting import MAX_DEPTH, json_too_deep_at, load_yaml


def test_json_at_the_limit_passes_and_one_deeper_is_placed():
    assert json_too_deep_at("[" * MAX_DEPTH + "]" * MAX_DEPTH) is None
    assert json_too_deep_at('{"a":\n' + "[" * (MAX_DEPTH + 1)) == (2, MAX_DEPTH)


def test_brackets_inside_json_strings_do_not_count():
    text = '{"a": "' + "[" * 500 + '\\"[[", "b": ["{{"]}'
    assert json_too_deep_at(text) is None


def test_yaml_at_the_limit_loads_and_deeper_is_a_yaml_error_with_a_line():
    assert load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        load_yaml("a: 1\nb: " + "[" * 3000 + "]" * 3000)
    assert caught.value.problem_mark.line == 1


def test_yaml_loads_what_safe_load_loads():
    text = "a: [1, {b: 2}]\nc: !!str 3\n"
    assert load_yaml(text) == yaml.safe_load(text)
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: !!python/object:os.system x")
