"""Fixtures shared across the suite: a real example repository on disk, git with no user
identity, and the loopback Messages API with the SDK pointed at it through the environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestrator.scaffold import create_example
from tests.fakes.messages_api import FakeMessagesAPI


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A fresh copy of the blog example: a git repository with one commit."""
    root = tmp_path / "blog"
    create_example("blog", root)
    return root


@pytest.fixture
def no_git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git and GitPython find no user.name or user.email: an empty global config, no system one."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture(autouse=True, scope="session")
def _venv_on_path():
    """Project test commands say `python`: let it be this interpreter, as in an activated venv."""
    import os
    import sys

    bindir = os.path.dirname(sys.executable)
    old = os.environ.get("PATH", "")
    os.environ["PATH"] = bindir + os.pathsep + old
    yield
    os.environ["PATH"] = old


@pytest.fixture(autouse=True, scope="session")
def _private_tmpdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Subprocesses keep their temporary files in this session's own folder.

    A test that runs a fixture project's own `python -m pytest` would otherwise number that
    run's folder among everyone's in /tmp/pytest-of-<user>, and pytest, as the run ends,
    deletes the oldest folders there: a whole earlier suite's tree, in whichever test ran it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(tmp_path_factory.mktemp("subprocess-tmp", numbered=False)))
        yield


@pytest.fixture(autouse=True, scope="session")
def _project_tests_without_this_suites_plugins() -> Iterator[None]:
    """A fixture project's own pytest run (by the gate, an agent or a test) loads none of
    the plugins this suite installs for itself (xdist, timeout, Hypothesis): a second of
    imports saved in each of a hundred such runs. The projects' own (anyio's) still load."""
    ours = ("xdist", "xdist.looponfail", "timeout", "hypothesispytest")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTEST_ADDOPTS", " ".join(f"-p no:{name}" for name in ours), prepend=" ")
        yield


@pytest.fixture(autouse=True)
def _no_real_model(monkeypatch):
    """No test may reach a paid API: tests that want a model point it at the loopback fake."""
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _no_real_github(monkeypatch):
    """No test may reach GitHub: tests that want it point the client at the loopback fake."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_API_URL", "GITHUB_EVENT_PATH",
                 "GITHUB_EVENT_NAME", "GITHUB_REPOSITORY"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMessagesAPI]:
    """The fake server, with the SDK pointed at it through the environment."""
    with FakeMessagesAPI() as api:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "test")
        yield api


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: one worker more than the cores. Much of a case's time goes in waiting on
    a subprocess (the CLI, git, a project's own tests) or a loopback server; the extra
    worker keeps the cores busy meanwhile. PYTEST_XDIST_AUTO_NUM_WORKERS still decides."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules with long end-to-end cases first, each module whole: a worker that picks
    a long case up last keeps the whole run waiting while the other workers sit idle, and
    a module's cases kept together build its module-scoped fixtures on one worker only."""
    slow_modules = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_modules)
