"""The /users endpoints, end to end over HTTP."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from tests.conftest import PASSWORD, Login, UserFactory

pytestmark = pytest.mark.anyio


async def test_create_user_returns_201_without_password(client: AsyncClient) -> None:
    body = {"email": " Ada@Example.com ", "full_name": "Ada Lovelace", "password": PASSWORD}
    response = await client.post("/users", json=body)

    assert response.status_code == 201
    user = response.json()
    assert {"id", "email", "full_name", "is_active", "created_at", "updated_at"} <= set(user)
    assert not [key for key in user if "password" in key or "hash" in key]
    assert user["email"] == "ada@example.com"
    assert user["is_active"] is True
    assert user["created_at"].endswith("Z") or user["created_at"].endswith("+00:00")
    assert response.headers["location"].endswith(f"/api/v1/users/{user['id']}")
    assert PASSWORD not in response.text


@pytest.mark.parametrize(
    "body",
    [
        {"email": "ada@example.com", "full_name": "Ada", "password": "short"},
        {"email": "not-an-email", "full_name": "Ada", "password": PASSWORD},
        {"email": "ada@example.com", "full_name": "", "password": PASSWORD},
        {"email": "ada@example.com", "password": PASSWORD},
    ],
)
async def test_create_user_rejects_invalid_body(client: AsyncClient, body: dict) -> None:
    response = await client.post("/users", json=body)
    assert response.status_code == 422


async def test_duplicate_email_is_409(client: AsyncClient, create_user: UserFactory) -> None:
    await create_user(email="ada@example.com")
    body = {"email": "ADA@example.com", "full_name": "Impostor", "password": PASSWORD}
    response = await client.post("/users", json=body)

    assert response.status_code == 409
    assert "already registered" in response.json()["detail"]


async def test_list_users_paginates(client: AsyncClient, create_user: UserFactory) -> None:
    for n in range(3):
        await create_user(email=f"user{n}@example.com")

    first = (await client.get("/users", params={"page": 1, "page_size": 2})).json()
    second = (await client.get("/users", params={"page": 2, "page_size": 2})).json()

    assert first["total"] == 3
    assert first["pages"] == 2
    assert (first["page"], first["page_size"]) == (1, 2)
    assert [u["email"] for u in first["items"]] == ["user0@example.com", "user1@example.com"]
    assert [u["email"] for u in second["items"]] == ["user2@example.com"]
    assert "hashed_password" not in first["items"][0]


async def test_list_users_empty(client: AsyncClient) -> None:
    response = await client.get("/users")
    assert response.json() == {"items": [], "total": 0, "page": 1, "page_size": 20, "pages": 0}


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 0}, {"page_size": 101}])
async def test_list_users_rejects_bad_paging(client: AsyncClient, params: dict) -> None:
    response = await client.get("/users", params=params)
    assert response.status_code == 422


async def test_get_user(client: AsyncClient, create_user: UserFactory) -> None:
    user = await create_user()
    response = await client.get(f"/users/{user['id']}")
    assert response.status_code == 200
    assert response.json() == user


async def test_get_missing_user_is_404(client: AsyncClient) -> None:
    response = await client.get("/users/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "User 999 not found"}


async def test_me_requires_token(client: AsyncClient) -> None:
    response = await client.get("/users/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_me_returns_token_owner(
    client: AsyncClient, create_user: UserFactory, login: Login
) -> None:
    user = await create_user(email="grace@example.com")
    headers = await login("grace@example.com", PASSWORD)

    response = await client.get("/users/me", headers=headers)
    assert response.status_code == 200
    assert response.json()["id"] == user["id"]


async def test_patch_without_token_is_401(client: AsyncClient, create_user: UserFactory) -> None:
    user = await create_user()
    response = await client.patch(f"/users/{user['id']}", json={"full_name": "New"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_patch_with_bad_token_is_401(client: AsyncClient, create_user: UserFactory) -> None:
    user = await create_user()
    headers = {"Authorization": "Bearer not.a-real-token"}
    response = await client.patch(f"/users/{user['id']}", json={"full_name": "X"}, headers=headers)
    assert response.status_code == 401


async def test_patch_own_account(
    client: AsyncClient, create_user: UserFactory, login: Login
) -> None:
    user = await create_user()
    headers = await login(user["email"], PASSWORD)

    response = await client.patch(
        f"/users/{user['id']}", json={"full_name": "Countess Lovelace"}, headers=headers
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "Countess Lovelace"
    assert response.json()["email"] == user["email"]


async def test_patch_password_changes_login(
    client: AsyncClient, create_user: UserFactory, login: Login
) -> None:
    user = await create_user()
    headers = await login(user["email"], PASSWORD)
    await client.patch(f"/users/{user['id']}", json={"password": "new-pass-123"}, headers=headers)

    old = await client.post("/auth/login", json={"email": user["email"], "password": PASSWORD})
    assert old.status_code == 401
    assert await login(user["email"], "new-pass-123")


async def test_patch_to_taken_email_is_409(
    client: AsyncClient, create_user: UserFactory, login: Login
) -> None:
    await create_user(email="taken@example.com")
    user = await create_user(email="ada@example.com")
    headers = await login(user["email"], PASSWORD)

    response = await client.patch(
        f"/users/{user['id']}", json={"email": "taken@example.com"}, headers=headers
    )
    assert response.status_code == 409


async def test_cannot_change_someone_else(
    client: AsyncClient, create_user: UserFactory, login: Login
) -> None:
    victim = await create_user(email="victim@example.com")
    await create_user(email="mallory@example.com")
    headers = await login("mallory@example.com", PASSWORD)

    patch = await client.patch(f"/users/{victim['id']}", json={"full_name": "X"}, headers=headers)
    delete = await client.delete(f"/users/{victim['id']}", headers=headers)
    assert (patch.status_code, delete.status_code) == (403, 403)


async def test_delete_own_account(
    client: AsyncClient, create_user: UserFactory, login: Login
) -> None:
    user = await create_user()
    headers = await login(user["email"], PASSWORD)

    response = await client.delete(f"/users/{user['id']}", headers=headers)
    assert response.status_code == 204
    assert response.content == b""
    assert (await client.get(f"/users/{user['id']}")).status_code == 404
    assert (await client.get("/users/me", headers=headers)).status_code == 401
