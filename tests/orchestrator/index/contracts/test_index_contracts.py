"""Contract drift between pydantic schemas and TypeScript types."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from orchestrator.index import build_index
from orchestrator.index.answer.naming import type_key
from orchestrator.index.contracts.check import (
    ContractReport,
    Direction,
    DriftKind,
    check_contracts,
)

FIXTURES = Path(__file__).parents[3] / "fixtures" / "index"
BLOG = Path(__file__).parents[4] / "examples" / "blog"


def owner(path: str) -> str:
    return "vue" if path.startswith("frontend/") else "fastapi"


@pytest.fixture(scope="module")
def report() -> ContractReport:
    index = build_index(FIXTURES / "contracts", use_cache=False)
    return check_contracts(index, mapping={"ItemOut": "Product"}, owner_of=owner)


def test_pairing_by_mapping_name_and_normalisation(report: ContractReport) -> None:
    pairs = {(p.schema, p.ts_type, p.matched_by, p.direction) for p in report.pairs}
    assert pairs == {
        ("ItemOut", "Product", "mapping", "response"),
        ("TokenOut", "TokenOut", "name", "response"),
        ("UserResponse", "User", "normalised", "response"),
        ("UserCreate", "CreateUserRequest", "normalised", "input"),
    }
    assert report.unpaired_schemas == [] and report.unknown_mappings == []


def test_every_planted_drift_is_found_with_both_locations_and_owners(
    report: ContractReport,
) -> None:
    found = {(d.schema, d.field, d.kind, d.severity) for d in report.drifts}
    assert found == {
        ("UserResponse", "id", "type", "error"),
        ("UserResponse", "nickname", "optionality", "warning"),
        ("UserResponse", "bio", "nullability", "error"),
        ("UserResponse", "created_at", "missing_in_ts", "warning"),
        ("UserResponse", "avatarUrl", "missing_in_schema", "error"),
        ("UserCreate", "email", "optionality", "error"),
        ("UserCreate", "password", "missing_in_ts", "error"),
        ("UserCreate", "age", "optionality", "warning"),
        ("UserCreate", "role", "optionality", "warning"),
        ("UserCreate", "role", "type", "error"),
    }
    assert {d.kind for d in report.drifts} == set(get_args(DriftKind))
    assert {p.direction for p in report.pairs} <= set(get_args(Direction))
    bio = next(d for d in report.drifts if d.field == "bio")
    assert (bio.schema_location, bio.ts_location) == (
        "backend/app/schemas.py:13",
        "frontend/src/types.ts:5",
    )
    assert (bio.schema_owner, bio.ts_owner) == ("fastapi", "vue")


def test_camel_case_aliases_decimal_records_and_nested_pairs_match(report: ContractReport) -> None:
    assert not [d for d in report.drifts if d.schema in ("ItemOut", "TokenOut")]


def test_unknown_mapping_is_reported() -> None:
    index = build_index(FIXTURES / "contracts", use_cache=False)
    report = check_contracts(index, mapping={"ItemOut": "Nope"})
    assert report.unknown_mappings == ["ItemOut -> Nope: 'Nope' not found"]
    assert all(d.schema_owner is None for d in report.drifts)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("UserResponse", ("user", "read")),
        ("User", ("user", "read")),
        ("IUser", ("user", "read")),
        ("UserCreate", ("user", "write")),
        ("CreateUserRequest", ("user", "write")),
        ("UpdateUserRequest", ("user", "update")),
        ("PaginatedUsers", ("user", "list")),
    ],
)
def test_name_normalisation(name: str, key: tuple[str, str]) -> None:
    assert type_key(name) == key


def test_blog_example_has_no_contract_drift() -> None:
    report = check_contracts(build_index(BLOG, use_cache=False))
    assert report.pairs, "the example pairs its schemas with TypeScript types"
    assert report.drifts == []
