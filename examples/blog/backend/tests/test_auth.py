"""POST /auth/login and the token/password primitives behind it."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from app.core.security import (
    InvalidTokenError,
    create_access_token,
    hash_password,
    read_access_token,
    verify_password,
)
from tests.conftest import PASSWORD, UserFactory

KEY = "unit-test-key-0123456789"


@pytest.mark.anyio
async def test_login_returns_bearer_token(client: AsyncClient, create_user: UserFactory) -> None:
    await create_user(email="ada@example.com")
    response = await client.post(
        "/auth/login", json={"email": "ADA@example.com", "password": PASSWORD}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert body["access_token"]


@pytest.mark.anyio
@pytest.mark.parametrize("email", ["ada@example.com", "nobody@example.com"])
async def test_login_rejects_bad_credentials(
    client: AsyncClient, create_user: UserFactory, email: str
) -> None:
    await create_user(email="ada@example.com")
    response = await client.post("/auth/login", json={"email": email, "password": "wrong-pass"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Incorrect email or password"}


def test_password_hash_round_trip() -> None:
    hashed = hash_password("s3cret-pass", iterations=1000)
    assert hashed.startswith("pbkdf2_sha256$1000$")
    assert verify_password("s3cret-pass", hashed)
    assert not verify_password("other-pass", hashed)
    assert hashed != hash_password("s3cret-pass", iterations=1000)  # salted
    assert not verify_password("s3cret-pass", "garbage")


def test_token_round_trip() -> None:
    token = create_access_token("42", secret_key=KEY, ttl_seconds=60)
    assert read_access_token(token, secret_key=KEY) == "42"


@pytest.mark.parametrize(
    "token",
    [
        create_access_token("42", secret_key=KEY, ttl_seconds=-1),  # expired
        create_access_token("42", secret_key="another-key-0123456789", ttl_seconds=60),
        create_access_token("42", secret_key=KEY, ttl_seconds=60)[:-2] + "xx",  # tampered
        "no-dot-at-all",
        "é.ü",
    ],
)
def test_invalid_tokens_are_rejected(token: str) -> None:
    with pytest.raises(InvalidTokenError):
        read_access_token(token, secret_key=KEY)
