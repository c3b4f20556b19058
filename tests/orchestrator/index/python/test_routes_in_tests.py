"""A route a test declares on the app it is handed is no route the application serves;
one an application factory declares inside its function is."""

from __future__ import annotations

from pathlib import Path

from tests.orchestrator.index.project_tree import index_of

FILES = {
    "app/__init__.py": "",
    "app/main.py": (
        "from fastapi import FastAPI\n\n\n"
        "def get_application() -> FastAPI:\n"
        "    application = FastAPI()\n\n"
        "    @application.get('/health')\n"
        "    def health() -> dict:\n        return {}\n\n"
        "    return application\n\n\n"
        "app = get_application()\n"
    ),
    # As fastapi-realworld-example-app checks its 422 format.
    "tests/test_errors.py": (
        "from fastapi import FastAPI\n\n\n"
        "async def test_validation_error_format(app: FastAPI):\n"
        "    @app.get('/wrong_path/{param}')\n"
        "    def route_for_test(param: int) -> None:\n        pass\n"
    ),
}


def test_a_route_declared_inside_a_test_is_left_out(tmp_path: Path) -> None:
    index = index_of(tmp_path, FILES)
    assert [(r.method, r.path, r.handler) for r in index.routes] == [("GET", "/health", "health")]
