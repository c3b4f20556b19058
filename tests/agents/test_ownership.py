"""Ownership: CODEOWNERS semantics, the one write gate, and no escape from the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.errors import OutsideRepoError, OwnershipError
from agents.ownership import Rule, build_ownership, repo_relative
from agents.registry import load_registry
from orchestrator.cli.common import exit_code_for


@pytest.fixture
def ownership():
    return load_registry().ownership()


@pytest.mark.parametrize(
    ("path", "owner"),
    [
        ("backend/app/routers/users.py", "fastapi"),
        ("backend/app/models/user.py", "database"),
        ("backend/alembic/versions/0001_create_users.py", "database"),
        ("backend/alembic.ini", "database"),
        ("backend/tests/test_users.py", "fastapi"),
        ("frontend/src/types/user.ts", "vue"),
        ("frontend/src/models/user.ts", "vue"),  # vue comes after database: last match wins
        ("src/components/Card.vue", "vue"),
        ("Dockerfile", "devops"),
        ("frontend/Dockerfile", "devops"),
        ("docker-compose.yml", "devops"),
        (".github/workflows/ci.yml", "devops"),
        ("backend/tests/e2e/test_flow.py", "qa"),
        ("README.md", None),
    ],
)
def test_builtin_owners(ownership, path, owner):
    assert ownership.owner_of(path) == owner


def test_last_matching_rule_wins_and_overrides_come_last():
    rules = build_ownership(
        [("fastapi", ["app/"]), ("database", ["models/"])],
        [Rule("app/models/legacy.py", "fastapi"), Rule("docs/", "devops")],
    )
    assert rules.owner_of("app/models/user.py") == "database"
    assert rules.owner_of("app/models/legacy.py") == "fastapi"
    assert rules.owner_of("docs/index.md") == "devops"


def test_negated_pattern_unassigns():
    rules = build_ownership([("fastapi", ["app/", "!app/generated/"])])
    assert rules.owner_of("app/main.py") == "fastapi"
    assert rules.owner_of("app/generated/client.py") is None


def test_check_write_refuses_paths_of_another_owner(tmp_path, ownership):
    with pytest.raises(OwnershipError) as caught:
        ownership.check_write(tmp_path, "fastapi", "backend/app/models/post.py")
    assert caught.value.owner == "database"
    assert "request_change('database'" in caught.value.hint
    assert exit_code_for(caught.value) == 1


def test_check_write_accepts_owned_path(tmp_path, ownership):
    assert ownership.check_write(tmp_path, "database", "./backend/app/models/post.py") == (
        "backend/app/models/post.py"
    )


@pytest.mark.parametrize(
    "path", [".git/config", "a/.git/hooks/pre-commit", ".GIT/HEAD", "project_state/project.json"]
)
def test_protected_areas_are_refused_to_everyone(tmp_path, path):
    everything = build_ownership([("fastapi", ["*", ".*", "**/*"])])
    with pytest.raises(OutsideRepoError):
        everything.check_write(tmp_path, "fastapi", path)


def test_symlink_to_outside_is_refused(tmp_path):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir(), outside.mkdir()
    (repo / "link").symlink_to(outside)
    with pytest.raises(OutsideRepoError, match="outside the repository"):
        repo_relative(repo, "link/secret.txt")


def test_symlink_inside_is_judged_by_its_target(tmp_path, ownership):
    (tmp_path / "app" / "models").mkdir(parents=True)
    (tmp_path / "shortcut").symlink_to(tmp_path / "app" / "models")
    with pytest.raises(OwnershipError):
        ownership.check_write(tmp_path, "fastapi", "shortcut/user.py")


def test_codeowners_output_is_one_rule_per_line(ownership):
    text = ownership.codeowners()
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert "models/ @stackcrew-database" in lines
    assert lines.index("app/ @stackcrew-fastapi") < lines.index("models/ @stackcrew-database")
    assert all(len(line.split()) == 2 for line in lines)


SEGMENTS = st.sampled_from(
    [
        "..",
        ".",
        "",
        "app",
        "models",
        "x.py",
        ".git",
        "project_state",
        "out",
        "in",
        "~",
        "%2e%2e",
        "..\\..",
        "a b",
        "…",
        "app/../..",
        "/",
    ]
)


@st.composite
def spellings(draw):
    parts = draw(st.lists(SEGMENTS, min_size=1, max_size=7))
    text = "/".join(parts)
    if draw(st.booleans()):
        text = "/" + text
    return text


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    base = tmp_path_factory.mktemp("escape")
    repo, outside = base / "repo", base / "outside"
    (repo / "app" / "models").mkdir(parents=True)
    outside.mkdir()
    (repo / "out").symlink_to(outside)
    (repo / "in").symlink_to(repo / "app")
    return repo


def allowed_target(repo: Path, text: str) -> str | None:
    """The repo-relative path a spelling names when it may be written, worked out directly
    from the file system: inside the repository, not the repository itself, not `.git`
    anywhere nor the state folder at the top."""
    if not text.strip():
        return None
    root = os.path.realpath(repo)
    target = os.path.realpath(text if os.path.isabs(text) else os.path.join(root, text))
    if not target.startswith(root + os.sep):
        return None
    parts = Path(os.path.relpath(target, root)).parts
    if any(part.casefold() == ".git" for part in parts) or parts[0] == "project_state":
        return None
    return Path(*parts).as_posix()


# No clock in a test: a loaded machine slows the draws, which is no failure of the map.
@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=spellings(), absolute_inside=st.booleans())
def test_a_spelling_is_allowed_exactly_when_it_lands_on_an_owned_path(
    sandbox, path, absolute_inside
):
    everything = build_ownership([("fastapi", ["*", ".*", "**/*"])])
    candidate = str(sandbox) + "/" + path if absolute_inside else path
    expected = allowed_target(sandbox, candidate)
    try:
        rel = everything.check_write(sandbox, "fastapi", candidate)
    except (OutsideRepoError, OwnershipError):
        assert expected is None, f"{candidate!r} lands on {expected!r}, owned, yet was refused"
        return
    assert rel == expected, f"{candidate!r} was allowed as {rel!r}"
    target = os.path.realpath(sandbox / rel)
    assert target.startswith(os.path.realpath(sandbox) + os.sep)


def test_the_gate_allows_owned_spellings_and_refuses_escapes(sandbox):
    everything = build_ownership([("fastapi", ["*", ".*", "**/*"])])
    for spelling in ("app/x.py", "./app/models/x.py", "in/models/x.py", f"{sandbox}/app/x.py"):
        assert everything.check_write(sandbox, "fastapi", spelling) == allowed_target(
            sandbox, spelling
        )
    for spelling in ("../x.py", "out/x.py", "/etc/passwd", "in/../../x.py"):
        with pytest.raises(OutsideRepoError):
            everything.check_write(sandbox, "fastapi", spelling)
