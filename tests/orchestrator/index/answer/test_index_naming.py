"""Field names turn into JSON names exactly as pydantic's alias generators turn them."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel as pydantic_camel
from pydantic.alias_generators import to_pascal as pydantic_pascal

from orchestrator.index.answer.naming import to_camel, to_pascal

NAMES = [
    "created_at", "HTTP_code", "user_id2", "a__b", "_private", "x_1_y",
    "already_camel", "snake_case_ABC", "id", "URL", "isActive", "v2_api_key",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_names_match_pydantic(name: str):
    assert to_camel(name) == pydantic_camel(name)
    assert to_pascal(name) == pydantic_pascal(name)


def test_names_match_what_a_model_actually_serialises():
    class Wire(BaseModel):
        model_config = ConfigDict(alias_generator=pydantic_camel)
        HTTP_code: int = 1
        snake_case_ABC: int = 2

    assert set(Wire().model_dump(by_alias=True)) == {
        to_camel("HTTP_code"),
        to_camel("snake_case_ABC"),
    }
