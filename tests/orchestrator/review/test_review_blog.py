"""The bundled example reviews clean: its history, and a small change that comes with a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from orchestrator.project import open_project
from orchestrator.review.gate import review_change


def _use_this_python(blog: Path) -> None:
    config = blog / "stackcrew.yaml"
    text = config.read_text().replace("test_command: [python,", f"test_command: [{sys.executable},")
    config.write_text(text)
    _commit(blog, "chore: run the tests with this interpreter")


def _commit(root: Path, message: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True)


@pytest.mark.slow
def test_example_history_reviews_as_approve_with_its_tests(blog):
    _use_this_python(blog)
    report = review_change(open_project(blog), "HEAD", "HEAD", run_tests=True)
    assert report.verdict == "APPROVE", report.findings


def test_clean_small_change_with_a_test_is_approved(blog):
    service = blog / "backend/app/services/slug.py"
    service.write_text(
        '"""Slugs for titles."""\n\n\ndef slugify(title: str) -> str:\n'
        '    """Lowercase words joined by dashes."""\n'
        '    return "-".join(title.lower().split())\n'
    )
    (blog / "backend/tests/test_slug.py").write_text(
        "from app.services.slug import slugify\n\n\n"
        "def test_slugify() -> None:\n    assert slugify('Hello World') == 'hello-world'\n"
    )
    _commit(blog, "feat: slugs #45\n\nAgent: fastapi")
    report = review_change(open_project(blog), "HEAD~1", "HEAD", issue=45, run_tests=False)
    assert report.verdict == "APPROVE" and report.findings == []
