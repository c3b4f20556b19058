"""A tiny FastAPI + SQLAlchemy + Vue repository on disk, built commit by commit, to review."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from orchestrator.project import open_project
from orchestrator.review.gate import ReviewReport, review_change

PASSING = [sys.executable, "-c", "pass"]

BASE_FILES = {
    "app/__init__.py": "",
    "app/main.py": '''
        """The application."""

        from fastapi import FastAPI

        from app.routers import posts

        app = FastAPI()
        app.include_router(posts.router)
    ''',
    "app/routers/__init__.py": "",
    "app/routers/posts.py": '''
        """`/posts`."""

        from fastapi import APIRouter

        from app.schemas import PostCreate, PostResponse

        router = APIRouter(prefix="/posts")


        @router.post("", response_model=PostResponse, summary="Create a post")
        async def create_post(data: PostCreate) -> PostResponse:
            return PostResponse(id=1, title=data.title)
    ''',
    "app/schemas.py": '''
        """Post schemas."""

        from pydantic import BaseModel


        class PostCreate(BaseModel):
            title: str


        class PostResponse(BaseModel):
            id: int
            title: str
    ''',
    "app/models/__init__.py": "",
    "app/models/post.py": '''
        """The `posts` table."""

        from sqlalchemy import String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class Post(Base):
            __tablename__ = "posts"

            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str] = mapped_column(String(200))
    ''',
    "alembic/versions/0001_posts.py": '''
        """create posts"""

        revision = "0001"
        down_revision = None
    ''',
    "frontend/src/types.ts": """
        export interface PostResponse {
          id: number
          title: string
        }
    """,
    "tests/test_posts.py": """
        def test_nothing() -> None:
            assert True
    """,
}


class ReviewRepo:
    """A git repository with one base commit; `change` adds commits, `review` reviews them."""

    def __init__(self, root: Path, test_command: list[str] | None = None) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._git("init", "-q", "-b", "main")
        self._git("config", "user.name", "t")
        self._git("config", "user.email", "t@example.com")
        self.set_test_command(test_command or PASSING)
        for path, text in BASE_FILES.items():
            self.write(path, text)
        self.base = self.commit("chore: start")

    def set_test_command(self, argv: list[str]) -> None:
        quoted = ", ".join(f'"{a}"' for a in argv)
        self.write("stackcrew.yaml", f"version: 1\ntest_command: [{quoted}]\n")

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def append(self, path: str, text: str) -> None:
        target = self.root / path
        target.write_text(target.read_text() + text, encoding="utf-8")

    def commit(self, message: str = "feat: change #45", agent: str | None = None) -> str:
        self._git("add", "-A")
        full = f"{message}\n\nAgent: {agent}\n" if agent else message
        self._git("commit", "-q", "--allow-empty", "-m", full)
        return self._git("rev-parse", "HEAD").strip()

    def change(
        self, files: dict[str, str], message: str = "feat: change #45", agent: str | None = None
    ) -> str:
        for path, text in files.items():
            self.write(path, text)
        return self.commit(message, agent)

    def review(self, *, issue: int | None = None, run_tests: bool = False) -> ReviewReport:
        return review_change(
            open_project(self.root), self.base, "HEAD", issue=issue, run_tests=run_tests
        )

    def rules(self, **kwargs: object) -> set[str]:
        return {f.rule for f in self.review(**kwargs).findings}  # type: ignore[arg-type]

    def _git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, text=True, check=True
        )
        return done.stdout
