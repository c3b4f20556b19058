"""Changes that dress a real problem as what today's relaxed rules let by, reviewed
through the real `orchestrate review`: each rule still finds the real thing."""

from __future__ import annotations

import json

from review_repo import ReviewRepo

from tests.orchestrator.cli.cli_runner import orchestrate

TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}


def _review(repo: ReviewRepo) -> dict:
    result = orchestrate(
        "review", "--base", repo.base, "--no-tests", "--format", "json", "-C", repo.root
    )
    return json.loads(result.output)


def _places(report: dict, rule: str) -> list[tuple[str, int]]:
    return sorted((f["file"], f["line"]) for f in report["findings"] if f["rule"] == rule)


def _messages(report: dict, rule: str) -> list[str]:
    return sorted(f["message"] for f in report["findings"] if f["rule"] == rule)


# Endpoints that need no auth and name a token or a login, answering with what is not
# theirs to hand out: a user's own token picked by the path, and a stored hash.
TOKEN_LOOKALIKES = {
    "app/tokens.py": (
        "from fastapi import APIRouter\n"
        "from pydantic import BaseModel\n\n"
        "router = APIRouter()\n\n\n"
        "class UserToken(BaseModel):\n"
        "    access_token: str\n"
        "    refresh_token: str\n\n\n"
        "class LoginView(BaseModel):\n"
        "    api_key: str\n"
        "    password_hash: str\n\n\n"
        "@router.post('/users/{user_id}/token', response_model=UserToken, summary='Token')\n"
        "def user_token(user_id: int):\n    ...\n\n\n"
        "@router.get('/users/{user_id}', response_model=UserToken, summary='User')\n"
        "def login_as(user_id: int):\n    ...\n\n\n"
        "@router.post('/login/token', response_model=LoginView, summary='Log in')\n"
        "def login():\n    ...\n"
    ),
}


def test_an_endpoint_naming_whose_token_it_answers_is_no_token_issuer(repo):
    repo.change({**TOKEN_LOOKALIKES, **TEST})
    found = _messages(_review(repo), "QA-SENSITIVE-RESPONSE")
    by_user = "response model UserToken of {} exposes field '{}'"
    login = "response model LoginView of POST /login/token exposes field '{}'"
    assert found == sorted(
        [
            by_user.format("GET /users/{user_id}", "access_token"),
            by_user.format("GET /users/{user_id}", "refresh_token"),
            by_user.format("POST /users/{user_id}/token", "access_token"),
            by_user.format("POST /users/{user_id}/token", "refresh_token"),
            login.format("api_key"),
            login.format("password_hash"),
        ]
    )


def test_a_test_environments_config_keeps_its_passwords_secret(repo):
    """Test code may log in as users it makes up; a `test` environment's configuration
    holds the passwords of real servers, and a key's shape is found in any test."""
    repo.change(
        {
            "deploy/test/values.yaml": "database:\n  password: Zq8vLm2pR7xK\n",
            "tests/.env": 'DB_PASSWORD="Zq8vLm2pR7xK"\n',
            "tests/test_client.py": 'TOKEN = "9f3e6a1c2b7d4e8f0a1b2c3d4e5f6a7b8c9d0e1f"\n',
            **TEST,
        }
    )
    assert _places(_review(repo), "QA-SECRET") == [
        ("deploy/test/values.yaml", 2),
        ("tests/.env", 1),
        ("tests/test_client.py", 1),
    ]


def test_a_key_named_like_a_checksum_is_still_a_key(repo):
    repo.change(
        {
            "app/settings.py": 'API_KEY_SHA256 = "hQ7x2Lm9pR4vKz8WbN3cYf6TgJ1sDq5a"\n'
            'SIGNING = {"digest": "hQ7x2Lm9pR4vKz8WbN3cYf6TgJ1sDq5aXe"}\n',
            "poetry.lock": 'content-hash = "1b4ad5e1f7f2a6a3c4d9e8f70a1b2c3d'
            '4e5f60718293a4b5c6d7e8f901234567"\n',
            **TEST,
        }
    )
    assert _places(_review(repo), "QA-SECRET") == [("app/settings.py", 1), ("app/settings.py", 2)]


def test_a_random_password_repeated_as_its_user_name_is_still_a_secret(repo):
    repo.change(
        {
            ".env": "API_URL=https://k8Jq2mXv9pLw:k8Jq2mXv9pLw@api.internal/v1\n"
            "DATABASE_URL=postgresql://postgres:postgres@db/app\n",
            **TEST,
        }
    )
    assert _places(_review(repo), "QA-SECRET") == [(".env", 1)]


def test_a_passphrase_with_spaces_is_still_a_password(repo):
    repo.change({"app/settings.py": 'DB_PASSWORD = "correct horse battery staple"\n', **TEST})
    report = _review(repo)
    assert _places(report, "QA-SECRET") + _places(report, "RUFF-S105")


def test_a_comment_a_bundler_obeys_is_a_change_that_needs_a_test(repo):
    """`/*#__PURE__*/` lets a minifier drop a call; `@jsx` picks the function JSX calls."""
    repo.write("frontend/src/boot.ts", "export const booted = start()\nregister()\n")
    repo.write("frontend/src/View.tsx", "export const View = () => <p>hi</p>\n")
    repo.base = repo.commit("chore: boot")
    repo.change(
        {
            "frontend/src/boot.ts": "export const booted = start()\n/*#__PURE__*/ register()\n",
            "frontend/src/View.tsx": "/** @jsx h */\nexport const View = () => <p>hi</p>\n",
        }
    )
    assert _messages(_review(repo), "QA-TESTS-MISSING") == [
        "2 source file(s) changed and no test did: frontend/src/View.tsx, frontend/src/boot.ts"
    ]


def test_a_passphrase_of_words_is_a_password_where_a_message_is_not(repo):
    """A passphrase has spaces like a message; the exemption for messages must not let by
    one that detect-secrets takes for an example (its `test` or `your` reads as one)."""
    repo.change(
        {
            "app/settings.py": 'DB_PASSWORD = "Tested 4 Horses Running"\n'
            'ADMIN_PASS = "your turn Kq7 zP"\n'
            'PASSWORD_INVALID = "Incorrect email or password"\n'
            'TOKEN_EXPIRED = "Your token has expired."\n',
            **TEST,
        }
    )
    report = _review(repo)
    found = _places(report, "QA-SECRET") + _places(report, "RUFF-S105")
    assert sorted(found) == [("app/settings.py", 1), ("app/settings.py", 2)]


def test_a_url_named_for_a_secret_carries_it(repo):
    """A token's type or expiry says nothing of it; a link to reset a password, or a URL
    named for a secret, carries the token or the secret in it."""
    repo.change(
        {
            "app/reset.py": (
                "from fastapi import APIRouter\n"
                "from pydantic import BaseModel\n\n"
                "router = APIRouter()\n\n\n"
                "class ResetLink(BaseModel):\n"
                "    password_reset_url: str\n"
                "    webhook_secret_uri: str\n"
                "    token_type: str\n\n\n"
                "@router.post('/forgot-password', response_model=ResetLink, summary='Reset')\n"
                "def forgot_password(email: str):\n    ...\n"
            ),
            **TEST,
        }
    )
    found = _messages(_review(repo), "QA-SENSITIVE-RESPONSE")
    field = "response model ResetLink of POST /forgot-password exposes field '{}'"
    assert found == [field.format("password_reset_url"), field.format("webhook_secret_uri")]


def test_a_module_made_to_look_like_a_revision_still_needs_a_test(repo):
    """Revisions need no test and no annotations; a module of the application that the
    change gives a `revision` and a `down_revision` is still the module it was."""
    repo.write("app/billing.py", "def total(price: int) -> int:\n    return price\n")
    repo.base = repo.commit("chore: billing")
    repo.change(
        {
            "app/billing.py": 'revision = "a1"\ndown_revision = None\n\n\n'
            "def total(price):\n    return price * 2\n"
        }
    )
    report = _review(repo)
    assert _messages(report, "QA-TESTS-MISSING") == [
        "1 source file(s) changed and no test did: app/billing.py"
    ]
    assert _places(report, "RUFF-ANN201") == [("app/billing.py", 5)]
