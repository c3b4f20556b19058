"""Rules read from the static index: response models, request bodies, docs, contracts."""

from __future__ import annotations

ROUTER = "app/routers/posts.py"
TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}


def _route(decorator: str, signature: str, doc: str = '    """A route."""\n') -> str:
    return f"\n\n{decorator}\n{signature}\n{doc}    return None\n"


def test_response_model_exposing_a_hash_blocks(repo):
    repo.append("app/schemas.py", "    hashed_password: str\n")
    repo.change(TEST)
    found = [f for f in repo.review().findings if f.rule == "QA-SENSITIVE-RESPONSE"]
    assert [(f.file, f.line, f.severity) for f in found] == [("app/schemas.py", 13, "block")]


def test_input_model_with_a_password_passes(repo):
    repo.write(
        "app/schemas.py",
        "from pydantic import BaseModel\n\n\nclass PostCreate(BaseModel):\n"
        "    title: str\n    token: str\n\n\nclass PostResponse(BaseModel):\n"
        "    id: int\n    title: str\n",
    )
    repo.change(TEST)
    assert "QA-SENSITIVE-RESPONSE" not in repo.rules()


def test_dict_body_requests_changes(repo):
    repo.append(
        ROUTER,
        _route('@router.put("/raw", summary="Raw")', "async def raw(payload: dict) -> None:"),
    )
    repo.change(TEST)
    found = [f for f in repo.review().findings if f.rule == "QA-REQUEST-BODY"]
    assert [(f.file, f.severity) for f in found] == [(ROUTER, "error")]


def test_pydantic_body_passes(repo):
    repo.append(
        ROUTER,
        _route(
            '@router.put("/typed", summary="Typed")', "async def typed(data: PostCreate) -> None:"
        ),
    )
    repo.change(TEST)
    assert "QA-REQUEST-BODY" not in repo.rules()


def test_new_endpoint_without_summary_or_docstring_requests_changes(repo):
    repo.append(ROUTER, _route('@router.get("/count")', "async def count() -> int:", doc=""))
    repo.change(TEST)
    found = [f for f in repo.review().findings if f.rule == "QA-ENDPOINT-DOCS"]
    assert len(found) == 1 and "GET /posts/count" in found[0].message


def test_new_endpoint_with_a_docstring_passes_and_old_ones_are_not_judged(repo):
    repo.append(ROUTER, _route('@router.get("/count")', "async def count() -> int:"))
    repo.change(TEST)
    assert "QA-ENDPOINT-DOCS" not in repo.rules()


def test_new_contract_drift_goes_to_vue(repo):
    repo.write(
        "frontend/src/types.ts",
        "export interface PostResponse {\n  id: number\n  title: string\n  subtitle: string\n}\n",
    )
    repo.change(TEST)
    found = [f for f in repo.review().findings if f.rule == "QA-CONTRACT-DRIFT"]
    assert found and all(f.owner == "vue" for f in found)
    assert any(f.severity == "error" and "subtitle" in f.message for f in found)


def test_drift_already_on_base_is_not_reported(repo):
    repo.write(
        "frontend/src/types.ts",
        "export interface PostResponse {\n  id: number\n  title: string\n  subtitle: string\n}\n",
    )
    repo.base = repo.commit("chore: old drift")
    repo.append("app/schemas.py", "\n\nclass Unrelated(BaseModel):\n    name: str\n")
    repo.change(TEST)
    assert "QA-CONTRACT-DRIFT" not in repo.rules()


LIBRARY_ROUTER = """
from fastapi_users import FastAPIUsers

from app.main import app

users = FastAPIUsers(get_user_manager, [backend])
app.include_router(users.get_auth_router(backend), prefix="/auth/jwt", tags=["auth"])
"""


def test_a_router_the_review_cannot_read_is_named_as_a_warning(repo):
    repo.change({"app/auth.py": LIBRARY_ROUTER, **TEST})
    report = repo.review()
    (found,) = [f for f in report.findings if f.rule == "QA-ROUTER-UNREAD"]
    assert (found.file, found.line, found.severity) == ("app/auth.py", 6, "warning")
    assert found.message.startswith("includes users.get_auth_router(backend) at /auth/jwt:")
    assert report.verdict == "APPROVE"  # a warning: said, not held against the change


def test_one_already_there_is_not_the_changes(repo):
    repo.change({"app/auth.py": LIBRARY_ROUTER, **TEST})
    repo.base = repo.commit("chore: base")
    repo.append("app/auth.py", "\n\ndef unrelated() -> int:\n    return 1\n")
    repo.change(TEST | {"tests/test_more.py": "def test_other() -> None:\n    assert 1\n"})
    assert "QA-ROUTER-UNREAD" not in repo.rules()


# As minimal-fastapi-postgres-template logs in: an OAuth2 form at `/auth/access-token`
# and a refresh at `/auth/refresh-token`, both answering with the tokens they issue.
TOKENS = {
    "app/auth.py": (
        "from fastapi import APIRouter, Depends\n"
        "from fastapi.security import OAuth2PasswordRequestForm\n"
        "from pydantic import BaseModel\n\n"
        "router = APIRouter(prefix='/auth')\n\n\n"
        "class RefreshTokenRequest(BaseModel):\n    refresh_token: str\n\n\n"
        "class AccessTokenResponse(BaseModel):\n"
        "    token_type: str = 'Bearer'\n"
        "    access_token: str\n"
        "    expires_at: int\n"
        "    refresh_token: str\n"
        "    refresh_token_expires_at: int\n\n\n"
        "class SessionResponse(BaseModel):\n"
        "    access_token: str\n"
        "    password_hash: str\n\n\n"
        "@router.post('/access-token', response_model=AccessTokenResponse, summary='Log in')\n"
        "def login_access_token(form: OAuth2PasswordRequestForm = Depends()):\n    ...\n\n\n"
        "@router.post('/refresh-token', response_model=AccessTokenResponse, summary='Refresh')\n"
        "def refresh_token(data: RefreshTokenRequest):\n    ...\n\n\n"
        "@router.post('/session', response_model=SessionResponse, summary='Open a session')\n"
        "def open_session(form: OAuth2PasswordRequestForm = Depends()):\n    ...\n\n\n"
        "@router.get('/sessions/current', response_model=AccessTokenResponse, summary='Session')\n"
        "def current_session():\n    ...\n"
    ),
}


def test_endpoints_that_issue_tokens_may_answer_with_them(repo):
    """A login or refresh endpoint exists to hand out its tokens, and a token's type or
    expiry is no secret; a hash is, there too, and a token other endpoints answer with."""
    repo.change({**TOKENS, **TEST})
    found = [f for f in repo.review().findings if f.rule == "QA-SENSITIVE-RESPONSE"]
    current = "response model AccessTokenResponse of GET /auth/sessions/current exposes field"
    assert sorted(f.message for f in found) == [
        f"{current} 'access_token'",
        f"{current} 'refresh_token'",
        "response model SessionResponse of POST /auth/session exposes field 'password_hash'",
    ]
