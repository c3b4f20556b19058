"""Shared fixtures: fresh in-memory database per test, an HTTP client, user helpers.

Async tests run on anyio's pytest plugin: mark a module `pytestmark = pytest.mark.anyio`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool

from app.core.config import Settings, get_settings
from app.core.database import get_engine, get_sessionmaker
from app.dependencies.database import get_db
from app.main import create_app
from app.models import Base

UserFactory = Callable[..., Awaitable[dict[str, Any]]]
Login = Callable[[str, str], Awaitable[dict[str, str]]]
PASSWORD = "correct-horse-42"


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio only."""
    return "asyncio"


@pytest.fixture(autouse=True)
def settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Test settings: in-memory database, fixed key, cheap password hashing."""
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite://")
    monkeypatch.setenv("SECRET_KEY", "test-secret-key-not-for-production")
    monkeypatch.setenv("PASSWORD_HASH_ITERATIONS", "1000")
    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()
    yield get_settings()
    for cached in (get_settings, get_engine, get_sessionmaker):
        cached.cache_clear()


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    """An in-memory SQLite engine with every table created from the models."""
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def client(engine: AsyncEngine) -> AsyncIterator[AsyncClient]:
    """An HTTP client talking to the app in-process, on the test database."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def test_db() -> AsyncIterator[AsyncSession]:
        async with sessions() as session:
            yield session

    app = create_app()
    app.dependency_overrides[get_db] = test_db
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://test/api/v1") as http:
        yield http


@pytest.fixture
def create_user(client: AsyncClient) -> UserFactory:
    """`await create_user(email=...)` registers a user and returns the response body."""

    async def create(
        email: str = "ada@example.com", full_name: str = "Ada Lovelace", password: str = PASSWORD
    ) -> dict[str, Any]:
        body = {"email": email, "full_name": full_name, "password": password}
        response = await client.post("/users", json=body)
        assert response.status_code == 201, response.text
        return response.json()

    return create


@pytest.fixture
def login(client: AsyncClient) -> Login:
    """`await login(email, password)` returns the Authorization header for that user."""

    async def authenticate(email: str, password: str) -> dict[str, str]:
        response = await client.post("/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return authenticate
