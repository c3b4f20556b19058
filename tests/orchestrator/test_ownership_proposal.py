"""`orchestrate init` on layouts stackcrew does not ship: the ownership it proposes gives
every table module and revision to database, every frontend file to vue, and leaves no
Python file without an owner."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.orchestrator.cli.cli_runner import orchestrate

SQLMODEL_TABLES = """import uuid

from sqlmodel import Field, SQLModel


class UserBase(SQLModel):
    email: str


class User(UserBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
"""
ORDERS_TABLE = """from sqlalchemy.orm import Mapped, mapped_column

from shop.db import Base


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
"""
REVISION = 'revision = "a1"\ndown_revision = None\n'
CODE = "def handler() -> int:\n    return 1\n"

# A full-stack template: tables beside schemas in backend/app/models.py, a generated
# TypeScript client with its own models.ts, revisions inside the app package.
FULL_STACK = {
    "backend/app/__init__.py": "",
    "backend/app/main.py": CODE,
    "backend/app/models.py": SQLMODEL_TABLES,
    "backend/app/crud.py": CODE,
    "backend/app/api/__init__.py": "",
    "backend/app/api/routes/users.py": CODE,
    "backend/app/alembic/env.py": CODE,
    "backend/app/alembic/versions/a1_init.py": REVISION,
    "backend/scripts/prestart.py": CODE,
    "frontend/package.json": "{}",
    "frontend/src/client/models.ts": "export type UserPublic = { email: string }\n",
    "frontend/src/routes/login.tsx": "export const Login = () => null\n",
}
# Domain packages under src/: models, service and views per domain, revisions in the package.
DOMAINS = {
    "src/shop/__init__.py": "",
    "src/shop/db.py": "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n",
    "src/shop/orders/__init__.py": "",
    "src/shop/orders/models.py": ORDERS_TABLE,
    "src/shop/orders/service.py": CODE,
    "src/shop/orders/views.py": CODE,
    "src/shop/migrations/versions/a1_orders.py": REVISION,
    "tests/test_orders.py": CODE,
}


def _repository(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _owners(root: Path, paths: list[str]) -> dict[str, str | None]:
    done = orchestrate("owners", *paths, "--project", root, "--json")
    return {row["path"]: row["owner"] for row in json.loads(done.stdout)}


@pytest.mark.parametrize(
    ("files", "tables", "frontend"),
    [
        (FULL_STACK, ["backend/app/models.py", "backend/app/alembic/versions/a1_init.py"],
         ["frontend/src/client/models.ts", "frontend/src/routes/login.tsx"]),
        (DOMAINS, ["src/shop/orders/models.py", "src/shop/migrations/versions/a1_orders.py"], []),
    ],
    ids=["full-stack template", "domain packages"],
)  # fmt: skip
def test_init_proposes_ownership_that_fits_the_layout(tmp_path, files, tables, frontend):
    root = _repository(tmp_path / "repo", files)
    done = orchestrate("init", root)
    assert done.exit_code == 0, done.output
    python = [path for path in files if path.endswith(".py")]
    assert f"Python files owned: {len(python)} of {len(python)}" in done.stdout
    owners = _owners(root, list(files))
    assert {owners[path] for path in tables} == {"database"}
    assert all(owners[path] == "vue" for path in frontend)
    assert all(owners[path] not in (None, "database") for path in python if path not in tables
               and "/alembic/" not in path and "/migrations/" not in path)  # fmt: skip
    assert orchestrate("owners", "--unowned", "--project", root, "--json").exit_code == 0


def test_the_proposal_is_written_for_review_and_init_again_keeps_it(tmp_path):
    root = _repository(tmp_path / "repo", FULL_STACK)
    orchestrate("init", root)
    config = (root / "stackcrew.yaml").read_text()
    assert '- {pattern: "/backend/app/models.py", agent: database}  # defines a table' in config
    assert "keep, change or delete each rule" in config
    again = orchestrate("init", root)
    assert "nothing was missing" in again.stdout
    assert (root / "stackcrew.yaml").read_text() == config


def test_tests_infrastructure_and_built_uis_go_to_their_agents(tmp_path):
    expected = {
        "backend/tests/api/test_users.py": "fastapi",
        "backend/db/schema/env.py": "database",  # the script location of these revisions
        "backend/db/schema/versions/b2_more.py": "database",
        "frontend/tests/e2e/login.spec.ts": "qa",
        "frontend/e2e/signup.spec.ts": "qa",
        "frontend/playwright.config.ts": "qa",
        "frontend/Dockerfile": "devops",
        "frontend/.env.production": "devops",
        "backend/Dockerfile": "devops",
        ".env": "devops",
        "compose.override.yml": "devops",
        "frontend/specs/admin.spec.ts": "qa",  # where the Playwright config's testDir says
        "backend/app/playwright/scraper.py": "fastapi",  # the app's own module, not tests
        "backend/app/deploy/__init__.py": "fastapi",  # the app's `deploy` command, a package
        "backend/app/deploy/docker_provider.py": "fastapi",
        "backend/app/deploy/Dockerfile": "devops",
        "deploy/render_manifests.py": "devops",  # a script among the manifests, no package
        "frontend/src/routes/login.tsx": "vue",
        "backend/app/dashboard/assets/index-4f2a.js": "vue",  # a built UI shipped in the package
        "backend/app/dashboard/index.html": "vue",
        "backend/app/email-templates/welcome.html": "fastapi",  # rendered by the backend
    }
    files = {**FULL_STACK, **dict.fromkeys(expected, "x\n")}
    files["backend/db/schema/versions/b2_more.py"] = 'revision = "b2"\ndown_revision = "a1"\n'
    files["frontend/playwright.config.ts"] = "export default defineConfig({ testDir: './specs' })\n"
    root = _repository(tmp_path / "repo", files)
    done = orchestrate("init", root)
    assert done.exit_code == 0, done.output
    assert _owners(root, list(expected)) == expected


PYDANTIC_MODEL = "from pydantic import BaseModel\n\n\nclass User(BaseModel):\n    email: str\n"


def test_a_models_folder_of_pydantic_classes_only_stays_the_apis(tmp_path):
    """As fastapi-realworld-example-app keeps them: `app/models/` holds request, response
    and domain schemas (its SQL is raw, its tables made by the revisions), while a
    `models/` folder that does define tables stays the database's."""
    expected = {
        "app/models/__init__.py": "fastapi",
        "app/models/domain/users.py": "fastapi",
        "app/models/schemas/users.py": "fastapi",
        "app/db/migrations/env.py": "database",
        "app/db/migrations/versions/a1_main.py": "database",
        "shop/models/__init__.py": "database",
        "shop/models/order.py": "database",
        "shop/models/order_schemas.py": "database",  # beside a table, in a table folder
    }
    files = {
        "app/__init__.py": "",
        "app/main.py": CODE,
        "app/models/__init__.py": "",
        "app/models/domain/__init__.py": "",
        "app/models/domain/users.py": PYDANTIC_MODEL,
        "app/models/schemas/__init__.py": "",
        "app/models/schemas/users.py": PYDANTIC_MODEL,
        "app/db/migrations/env.py": CODE,
        "app/db/migrations/versions/a1_main.py": REVISION,
        "shop/__init__.py": "",
        "shop/db.py": DOMAINS["src/shop/db.py"],
        "shop/models/__init__.py": "",
        "shop/models/order.py": ORDERS_TABLE,
        "shop/models/order_schemas.py": PYDANTIC_MODEL,
    }
    root = _repository(tmp_path / "repo", files)
    done = orchestrate("init", root)
    assert done.exit_code == 0, done.output
    assert _owners(root, list(expected)) == expected
    config = (root / "stackcrew.yaml").read_text()
    assert '- {pattern: "/app/models/", agent: fastapi}  # Pydantic models, no table' in config


def test_the_python_projects_dependency_files_go_with_its_code(tmp_path):
    """fastapi-realworld-example-app keeps its backend at the root with poetry, fastapi-vue
    under services/backend/: their pyproject.toml and lock files belonged to nobody, so
    the agent that writes the code could not add a dependency. A frontend's own stays vue's."""
    expected = {
        "pyproject.toml": "fastapi",
        "poetry.lock": "fastapi",
        "setup.cfg": "fastapi",
        "services/backend/pyproject.toml": "fastapi",
        "services/backend/uv.lock": "fastapi",
        "services/frontend/package.json": "vue",
        "docs/pyproject.toml": None,  # no Python code of the app beside it
    }
    files = {
        "app/__init__.py": "",
        "app/main.py": CODE,
        "services/backend/src/main.py": CODE,
        "docs/index.md": "# docs\n",
        **dict.fromkeys(expected, "x\n"),
    }
    root = _repository(tmp_path / "repo", files)
    done = orchestrate("init", root)
    assert done.exit_code == 0, done.output
    assert _owners(root, list(expected)) == expected
