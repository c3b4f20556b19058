"""The review's index at base: linked from head's files and the changed files' base side,
and kept under a key that says exactly what it was built from."""

from __future__ import annotations

from review_repo import ReviewRepo

from orchestrator.index import build_index
from orchestrator.index.cache.store import CACHE_DIR, KEPT_LINKED
from orchestrator.review.base_index import base_index
from orchestrator.review.diff import read_changes

NEW_FIELD = {
    "app/schemas.py": '''
        """Post schemas."""

        from pydantic import BaseModel


        class PostCreate(BaseModel):
            title: str
            body: str


        class PostResponse(BaseModel):
            id: int
            title: str
    '''
}


def base_of(repo: ReviewRepo):
    changes = read_changes(repo.root, repo.base, "HEAD")
    build_index(repo.root)  # the head index the review builds first
    return base_index(repo.root, repo.root, changes, {}, use_cache=True)


def schema_fields(index) -> dict[str, list[str]]:
    return {s.name: [f.name for f in s.fields] for s in index.schemas}


def test_the_same_base_is_read_back_from_its_cache(repo: ReviewRepo) -> None:
    repo.change(NEW_FIELD)
    first, second = base_of(repo), base_of(repo)
    assert first.stats.source == "incremental" and second.stats.source == "ready"
    assert schema_fields(second) == schema_fields(first)
    assert schema_fields(second)["PostCreate"] == ["title"]  # as it was at base
    assert second.models == first.models and second.routes == first.routes


def test_a_file_outside_git_changes_the_key(repo: ReviewRepo) -> None:
    repo.change(NEW_FIELD)
    base_of(repo)
    repo.write(
        "app/extra.py", "from pydantic import BaseModel\n\nclass Extra(BaseModel):\n    x: int\n"
    )
    again = base_of(repo)
    assert again.stats.source == "incremental"
    assert "Extra" in schema_fields(again)


def test_a_review_with_its_base_cached_finds_the_same(repo: ReviewRepo) -> None:
    repo.change({"app/models/post.py": "class Post:\n    pass\n"} | NEW_FIELD)
    first = {(f.rule, f.file, f.line) for f in repo.review().findings}
    second = {(f.rule, f.file, f.line) for f in repo.review().findings}
    assert first == second and first
    assert len(list((repo.root / CACHE_DIR / "base").iterdir())) == 1


def test_only_the_newest_bases_are_kept(repo: ReviewRepo) -> None:
    for n in range(KEPT_LINKED + 2):
        repo.write("app/extra.py", f"VALUE = {n}\n")  # outside git: a new key each time
        base_of(repo)
    assert len(list((repo.root / CACHE_DIR / "base").iterdir())) == KEPT_LINKED
