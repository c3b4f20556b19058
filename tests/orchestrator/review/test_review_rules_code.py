"""Line-based and syntax-tree rules: each fires on what a diff adds, and only there."""

from __future__ import annotations

SETTINGS = "app/settings.py"
SERVICE = "app/services.py"
TEST = {"tests/test_more.py": "def test_more() -> None:\n    assert True\n"}


def test_secret_in_added_line_blocks(repo):
    repo.change({SETTINGS: 'AWS_KEY = "AKIAIOSFODNN7EXAMPLE"\n', **TEST})
    report = repo.review()
    secret = next(f for f in report.findings if f.rule == "QA-SECRET")
    assert (secret.file, secret.line, secret.severity, secret.owner) == (
        SETTINGS,
        1,
        "block",
        "fastapi",
    )
    assert report.verdict == "BLOCK" and report.exit_code == 3


def test_secret_read_from_environment_passes(repo):
    repo.change({SETTINGS: 'import os\n\nAWS_KEY = os.environ["AWS_KEY"]\n', **TEST})
    assert "QA-SECRET" not in repo.rules()


def test_alembic_hex_revision_ids_are_not_secrets_but_other_hex_strings_are(repo):
    migration = "backend/alembic/versions/1b73ab8df841_orders.py"
    repo.change({
        migration: 'revision = "1b73ab8df841"\ndown_revision: str | None = "3f9a1c2b7d4e"\n',
        **TEST,
    })  # fmt: skip
    assert "QA-SECRET" not in repo.rules()
    repo.change({SETTINGS: 'signing_key = "8f6413429ea5e636f74a229b02f43dc4b05b4f19"\n', **TEST})
    assert "QA-SECRET" in repo.rules()


def test_secret_already_on_base_is_not_the_diffs(repo):
    repo.write(SETTINGS, 'AWS_KEY = "AKIAIOSFODNN7EXAMPLE"\n')
    repo.base = repo.commit("chore: old key")
    repo.append(SETTINGS, "NAME = 'blog'\n")
    repo.change(TEST)
    assert "QA-SECRET" not in repo.rules()


def _secret_places(repo) -> list[tuple[str, int]]:
    return [(f.file, f.line) for f in repo.review().findings if f.rule == "QA-SECRET"]


def test_example_credentials_in_documentation_and_ci_are_not_secrets(repo):
    repo.change(
        {
            "docs/configuration.md": 'POSTGRES_PASSWORD="your_password"\n'
            "CREATE USER app WITH PASSWORD 'mypassword';\n",
            "README.md": '```json\n{"password": "Sup3r-Pa55-2024"}\n```\n',
            ".github/workflows/tests.yml": "env:\n  SECRET_KEY: test-secret-key-for-testing-only\n",
            ".env.example": "POSTGRES_PASSWORD=changethis\n",
            "app/testing.py": 'URL = "postgresql://test_user:test_pass@localhost:5432/test_db"\n',
            **TEST,
        }
    )
    assert _secret_places(repo) == []


def test_a_url_whose_password_is_its_user_name_is_a_default_not_a_secret(repo):
    """A real app (fastapi-realworld-example-app) was BLOCKed for the Postgres image's
    default `postgres:postgres` in its compose file, CI, .env.example and README."""
    repo.change(
        {
            "docker-compose.yml": "services:\n  app:\n    environment:\n"
            '      DATABASE_URL: "postgresql://postgres:postgres@db/postgres"\n',
            ".github/workflows/tests.yml": "env:\n  DATABASE_URL: "
            "postgresql://postgres:postgres@localhost/postgres\n",
            "README.rst": "   DATABASE_URL=postgresql://postgres:postgres@0.0.0.0:5432/rwdb\n",
            **TEST,
        }
    )
    assert _secret_places(repo) == []
    repo.change(
        {"docker-compose.yml": 'URL: "postgresql://postgres:Pg-pass-7781@db/app"\n', **TEST}
    )
    assert _secret_places(repo) == [("docker-compose.yml", 1)]


def test_a_credential_keeps_blocking_in_source_and_by_its_shape_in_docs(repo):
    repo.change(
        {
            SETTINGS: 'DB_PASSWORD = "Zq8vLm2pR7xK"\n'
            'DB_URL = "postgresql://app:Pg-pass-7781@db.internal:5432/app"\n',
            "docs/setup.md": "aws_access_key_id = AKIAZ7Q4X2VB8N3M5K1J\n",
            **TEST,
        }
    )
    assert sorted(_secret_places(repo)) == [(SETTINGS, 1), (SETTINGS, 2), ("docs/setup.md", 1)]


def test_a_test_users_password_is_no_secret_but_a_real_key_there_is(repo):
    """A real app (minimal-fastapi-postgres-template) was BLOCKed for its test user's
    password (`TESTS_USER_PASSWORD = "geralt"`) and the wrong ones its tests log in with;
    a key of a credential's own shape in a test still blocks."""
    repo.change(
        {
            "app/tests/auth.py": 'TESTS_USER_PASSWORD = "geralt"\n',
            "app/auth/tests/test_login.py": 'DATA = {"username": "a@b.c", "password": "bla"}\n',
            "backend/conftest.py": 'ADMIN_PASSWORD = "Zq8vLm2pR7xK"\n',
            "tests/test_keys.py": 'AWS = "AKIAZ7Q4X2VB8N3M5K1J"\n',
            **TEST,
        }
    )
    assert _secret_places(repo) == [("tests/test_keys.py", 1)]


def test_ruff_hardcoded_password_blocks(repo):
    repo.change({SETTINGS: 'password = "correcthorse"\n', **TEST})
    found = {f.rule: f for f in repo.review().findings}
    assert found["RUFF-S105"].severity == "block" and found["RUFF-S105"].line == 1


def test_messages_and_auth_schemes_named_like_passwords_are_not_passwords(repo):
    """Real apps were BLOCKed for what ruff's S105 reads as passwords by their names:
    minimal-fastapi-postgres-template's error messages (`PASSWORD_INVALID = "Incorrect
    email or password"`) and `token_type = "Bearer"`, fastapi-realworld-example-app's
    `jwt_token_prefix = "Token"`. A word with no space is still a password."""
    repo.change(
        {
            "app/messages.py": 'PASSWORD_INVALID = "Incorrect email or password"\n'
            'REFRESH_TOKEN_EXPIRED = "Refresh token expired"\n',
            "app/auth.py": 'token_type = "Bearer"\njwt_token_prefix = "Token"\n'
            'api_token = "Bearer9f3e6a1c2b7d"\n',
            **TEST,
        }
    )
    found = [(f.file, f.line) for f in repo.review().findings if f.rule == "RUFF-S105"]
    assert found == [("app/auth.py", 3)]


def test_ruff_password_from_environment_passes(repo):
    repo.change({SETTINGS: 'import os\n\npassword = os.environ.get("PW", "")\n', **TEST})
    assert not {r for r in repo.rules() if r.startswith("RUFF-S10")}


def test_ruff_print_and_bare_except_only_on_added_lines(repo):
    repo.write(SERVICE, 'def old() -> None:\n    print("old")\n')
    repo.base = repo.commit("chore: old print")
    repo.append(
        SERVICE,
        "\n\ndef new() -> None:\n    try:\n        old()\n    except:\n        print('x')\n",
    )
    repo.change(TEST)
    found = [(f.rule, f.line, f.severity) for f in repo.review().findings]
    assert ("RUFF-T201", 9, "error") in found and ("RUFF-E722", 8, "error") in found
    assert ("RUFF-T201", 2, "error") not in found


def test_ruff_clean_code_passes(repo):
    repo.change({SERVICE: "def double(x: int) -> int:\n    return 2 * x\n", **TEST})
    assert not {r for r in repo.rules() if r.startswith("RUFF-")}


def test_ruff_skips_assert_and_annotations_in_tests(repo):
    repo.change({"tests/test_loose.py": "def test_loose(tmp_path):\n    assert tmp_path\n"})
    assert not {r for r in repo.rules() if r.startswith("RUFF-")}


UNANNOTATED_REVISION = '''"""add published"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("posts", sa.Column("published", sa.Boolean()))


def downgrade():
    print("dropping")
    op.drop_column("posts", "published")
'''


def test_an_alembic_revision_needs_no_annotations_but_keeps_other_rules(repo):
    repo.change({"alembic/versions/0002_published.py": UNANNOTATED_REVISION})
    ruff = {(f.rule, f.line) for f in repo.review().findings if f.rule.startswith("RUFF-")}
    assert ruff == {("RUFF-T201", 14)}  # the print, not the two missing `-> None`


def test_the_same_functions_outside_a_revision_are_asked_for_annotations(repo):
    plain = UNANNOTATED_REVISION.replace("down_revision", "previous")
    repo.change({"app/steps.py": plain})
    assert {"RUFF-ANN201"} <= repo.rules()


SQL_FSTRING = """
from sqlalchemy import text


async def find(db, name: str) -> object:
    return await db.execute(text(f"SELECT * FROM posts WHERE title = '{name}'"))
"""
SQL_BOUND = """
from sqlalchemy import text


async def find(db, name: str) -> object:
    return await db.execute(text("SELECT * FROM posts WHERE title = :n"), {"n": name})
"""


def test_sql_from_fstring_blocks(repo):
    repo.change({SERVICE: SQL_FSTRING, **TEST})
    found = {f.rule: f for f in repo.review().findings}
    assert found["QA-SQL-STRING"].severity == "block" and found["QA-SQL-STRING"].line == 5


def test_sql_with_bound_parameters_passes(repo):
    repo.change({SERVICE: SQL_BOUND, **TEST})
    assert not {"QA-SQL-STRING", "RUFF-S608"} & repo.rules()


def test_sql_concatenation_and_format_block(repo):
    code = (
        "def q(db, x: str, y: str) -> None:\n"
        "    db.execute('SELECT * FROM posts WHERE id = ' + x)\n"
        "    db.execute('DELETE FROM posts WHERE id = {}'.format(y))\n"
    )
    repo.change({SERVICE: code, **TEST})
    report = repo.review()
    lines = {f.line for f in report.findings if f.rule == "QA-SQL-STRING"}
    assert lines == {2, 3} and "RUFF-S608" in {f.rule for f in report.findings}


ASYNC_BLOCKING = """
import time

from sqlalchemy.orm import Session


async def slow(db: Session) -> None:
    time.sleep(1)
    db.query(object)
"""
ASYNC_FINE = """
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession


async def slow(db: AsyncSession) -> None:
    await asyncio.sleep(1)


def sync_job() -> None:
    import time

    time.sleep(1)
"""


def test_blocking_calls_in_async_def_request_changes(repo):
    repo.change({SERVICE: ASYNC_BLOCKING, **TEST})
    lines = {f.line for f in repo.review().findings if f.rule == "QA-ASYNC-BLOCKING"}
    assert lines == {6, 7, 8}


def test_async_code_that_awaits_passes(repo):
    repo.change({SERVICE: ASYNC_FINE, **TEST})
    assert "QA-ASYNC-BLOCKING" not in repo.rules()


ENGINE_IN_ASYNC = """
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker


async def count_other_bind(view) -> int:
    engine = create_engine("sqlite:///:memory:")
    view.session_maker = sessionmaker(bind=engine)
    return await view.count()
"""


def test_building_an_engine_or_session_factory_in_async_def_passes(repo):
    """sqladmin's shape: neither call connects (the engine does on first use, here in a
    thread), so nothing blocks the event loop."""
    repo.change({SERVICE: ENGINE_IN_ASYNC, **TEST})
    assert "QA-ASYNC-BLOCKING" not in repo.rules()


N_PLUS_ONE = """
async def authors(db, posts: list) -> list:
    found = []
    for post in posts:
        found.append(await db.get(object, post.author_id))
    return found
"""
ONE_QUERY = """
async def authors(db, ids: list) -> list:
    result = await db.execute(ids)
    return [row for row in result]
"""


def test_awaited_query_in_loop_is_n_plus_one(repo):
    repo.change({SERVICE: N_PLUS_ONE, **TEST})
    found = [f for f in repo.review().findings if f.rule == "QA-N-PLUS-ONE"]
    assert [(f.line, f.severity) for f in found] == [(4, "error")]


def test_one_query_before_the_loop_passes(repo):
    repo.change({SERVICE: ONE_QUERY, **TEST})
    assert "QA-N-PLUS-ONE" not in repo.rules()


def test_raise_without_from_in_except_requests_changes(repo):
    code = "def parse(x: str) -> int:\n    try:\n        return int(x)\n    except ValueError:\n        raise KeyError(x)\n"
    repo.change({SERVICE: code, **TEST})
    assert "RUFF-B904" in repo.rules()
    repo.change({SERVICE: code.replace("raise KeyError(x)", "raise KeyError(x) from None")})
    assert "RUFF-B904" not in repo.rules()


def test_checksums_in_lock_files_are_not_secrets_but_a_key_there_is(repo):
    """A real app (Netflix dispatch) was BLOCKed on 8 of 15 commits for npm's integrity
    hashes; a credential in a lock file still blocks, so the file's name lets nothing by."""
    repo.change(
        {
            "frontend/package-lock.json": (
                '{\n  "packages": {\n    "node_modules/vue": {\n'
                '      "integrity": "sha512-VTckYcH1AglrZ3VpPETilTo3Ef472XKwP13lrNfbOHSR6Eo5p27'
                'XTkIi+6lrCbuhBFFGAmy+4BRoLaeFUgn+eg=="\n    }\n  }\n}\n'
            ),
            "frontend/yarn.lock": (
                "vue@^3.4.0:\n  integrity sha512-AXC1oPqDfLnLtcoxM+XwSnbhcQs0TxAiA5JDEstl6+tt6fh"
                "FLKxdyl1Hla39SFtxvMfB2QDUYE3Dmx49O59vYg==\n"
            ),
            "uv.lock": (
                '[[package]]\nname = "fastapi"\nsdist = { url = "https://files.example/f.tar.gz",'
                ' hash = "sha256:6fa4f5a1bd6c6f0a5dd6a3c6e5ad45c5c2b8ad2c69b9b6e4f4e5b7d3a1f2e3c4" }\n'
            ),
            "go.sum": "golang.org/x/net v0.1.0 h1:hZ/3BUC4VqSvcHTWJm2I4ZHNM9KtwPrRwjSQjElGqgY=\n",
            **TEST,
        }
    )
    assert _secret_places(repo) == []
    repo.change(
        {
            "frontend/package-lock.json": (
                '{\n  "token": "ghp_R8a6KfVx2Qm9Lp4Zt7Wc1Yb3Nd5Hs0Ej2Uo8",\n'
                '  "key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY9a8b7c6d5e4f"\n}\n'
            ),
            **TEST,
        }
    )
    assert sorted(_secret_places(repo)) == [
        ("frontend/package-lock.json", 2),
        ("frontend/package-lock.json", 3),
    ]


def test_checksums_named_by_their_key_are_not_secrets(repo):
    """A real app (fastapi-realworld-example-app) was BLOCKed on 9 of its last 10 commits,
    each a dependency bump, for poetry.lock's `content-hash`; Pipfile.lock names its own
    by the algorithm's key. A token under another name in the same file still blocks."""
    repo.change(
        {
            "poetry.lock": (
                '[metadata]\nlock-version = "1.1"\npython-versions = "^3.9"\n'
                'content-hash = "4350a99a296db000ca0b4dd6e715b3c7d64195761d47cdea696b6b512c9a3c25"\n'
            ),
            "Pipfile.lock": (
                '{\n  "_meta": {\n    "hash": {\n'
                '      "sha256": "9f3e6a1c2b7d4e8f0a5c3b1d7e9f2a4c6b8d0e1f3a5c7e9b2d4f6a8c0e1b3d5f"\n'
                "    }\n  }\n}\n"
            ),
            **TEST,
        }
    )
    assert _secret_places(repo) == []
    repo.change(
        {
            "poetry.lock": 'api-token = "c2e1f5a7b9d3e6f8a0c4b2d9e7f1a3c5b8d6e0f2a4c7e9b1d3f5a8c0e2b4d6f9"\n',
            **TEST,
        }
    )
    assert _secret_places(repo) == [("poetry.lock", 1)]


def test_an_unquoted_password_in_a_dotenv_file_blocks_but_its_template_s_does_not(repo):
    """`.env` values carry no quotes, which detect-secrets' keyword plugin read only in
    the config files it knows; a committed `.env` with a real password passed."""
    repo.change(
        {
            ".env": "DEBUG=true\nDB_PASSWORD=Zq8vLm2pR7xK\nexport SECRET_KEY=Hw3nQ9tLx2Vb\n",
            "deploy/app.env": "DB_PASSWORD=Zq8vLm2pR7xK\n",
            ".env.example": "DB_PASSWORD=postgres\nSECRET_KEY=local-dev-only\n",
            **TEST,
        }
    )
    found = {(f.file, f.line) for f in repo.review().findings if f.rule == "QA-SECRET"}
    assert found == {(".env", 2), (".env", 3), ("deploy/app.env", 1)}


def test_a_password_in_a_text_file_of_notes_is_a_secret(repo):
    """`.txt` is not documentation by its name: a `prod_credentials.txt` of notes blocks."""
    repo.change({"ops/prod_credentials.txt": 'password = "Zq8vLm2pR7xK"\n', **TEST})
    found = [(f.file, f.line) for f in repo.review().findings if f.rule == "QA-SECRET"]
    assert found == [("ops/prod_credentials.txt", 1)]
