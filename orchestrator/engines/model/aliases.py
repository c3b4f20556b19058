"""Short model names to Messages API model ids: `model_aliases.json`, then stackcrew.yaml.

A Claude Code subagent file says `model: sonnet`; the API knows no model of that name.
The alias is resolved when a request is made, whichever place named the model
(frontmatter, `agent_models` or `model` in stackcrew.yaml).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ALIASES_FILE = Path(__file__).with_name("model_aliases.json")


@cache
def builtin_aliases(path: Path = ALIASES_FILE) -> dict[str, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: model for name, model in data.items() if not name.startswith("_")}


def resolve_model(name: str, overrides: dict[str, str]) -> str:
    """The model id `name` stands for: the project's alias, the built-in one, or itself."""
    return overrides.get(name) or builtin_aliases().get(name) or name
