"""Whether work goes to a model: the config's ``engine`` and what the environment offers.

With ``engine: auto`` (the default) a model is used when ``ANTHROPIC_API_KEY``,
``ANTHROPIC_BASE_URL`` or the config's ``base_url`` is set; ``model`` and ``offline``
force the choice.
"""

from __future__ import annotations

import os


def model_configured_with(base_url: str | None) -> bool:
    return bool(
        os.environ.get("ANTHROPIC_API_KEY") or os.environ.get("ANTHROPIC_BASE_URL") or base_url
    )


def uses_model(engine: str, base_url: str | None) -> bool:
    return engine == "model" or (engine == "auto" and model_configured_with(base_url))
