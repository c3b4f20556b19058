"""Which dotenv files are committed templates (``.env.example``) rather than real ``.env``
files holding values: a real file's values are redacted, and an answer says which is which.

Imports nothing, so the walk of the tree (`orchestrator.index.files.discover`) stays cheap.
"""

from __future__ import annotations

ENV_EXAMPLE_NAMES = frozenset({".env.example", ".env.sample", ".env.template", "env.example"})
_EXAMPLE_SUFFIXES = frozenset({"example", "sample", "template", "dist", "defaults"})


def is_env_example(name: str) -> bool:
    """A committed template (``.env.example``) rather than a real ``.env`` with values."""
    parts = name.split(".")
    return (
        name in ENV_EXAMPLE_NAMES or parts[-1] in _EXAMPLE_SUFFIXES or parts[0] in _EXAMPLE_SUFFIXES
    )
