"""The base of every model that reads a file a person may edit."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Unknown keys are errors: a misspelt key is named, never silently ignored."""

    model_config = ConfigDict(extra="forbid")
