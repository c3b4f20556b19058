"""Which changed files are tests: where the gate lets fixtures hold literal passwords."""

from __future__ import annotations

TEST_MARKERS = ("tests/", "test/", "__tests__/")


def is_test_path(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return (
        any(marker in f"/{path}" for marker in ("/" + m for m in TEST_MARKERS))
        or name.startswith("test_")
        or name.endswith(("_test.py", ".spec.ts", ".test.ts", ".spec.js", ".test.js"))
        or name == "conftest.py"
    )
