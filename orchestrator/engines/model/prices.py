"""What a request costs: token counts times the per-model prices in `prices.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

PRICES_FILE = Path(__file__).with_name("prices.json")
PER = 1_000_000


class Price(BaseModel):
    """USD per million tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    input: float
    cache_write: float
    cache_read: float
    output: float


@dataclass(frozen=True)
class Usage:
    """Tokens of one request, split the way the API bills them."""

    input_tokens: int = 0
    output_tokens: int = 0
    cache_write_tokens: int = 0
    cache_read_tokens: int = 0

    @property
    def prompt_tokens(self) -> int:
        return self.input_tokens + self.cache_write_tokens + self.cache_read_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_write_tokens + other.cache_write_tokens,
            self.cache_read_tokens + other.cache_read_tokens,
        )

    def to_json(self) -> dict[str, int]:
        return {
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cache_write_tokens": self.cache_write_tokens,
            "cache_read_tokens": self.cache_read_tokens,
        }


@cache
def load_prices(path: Path = PRICES_FILE) -> dict[str, Price]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: Price.model_validate(p) for name, p in data.items() if not name.startswith("_")}


def price_of(model: str) -> Price:
    """The model's price; dated ids (`claude-sonnet-4-5-20250929`) match their family."""
    prices = load_prices()
    fallback = "default" if model.startswith("claude") else "non-claude"
    best = max((name for name in prices if model.startswith(name)), key=len, default=fallback)
    return prices[best]


def cost_usd(model: str, usage: Usage) -> float:
    p = price_of(model)
    return (
        usage.input_tokens * p.input
        + usage.cache_write_tokens * p.cache_write
        + usage.cache_read_tokens * p.cache_read
        + usage.output_tokens * p.output
    ) / PER


def uncached_cost_usd(model: str, usage: Usage) -> float:
    """What the same request would cost with no prompt caching at all."""
    p = price_of(model)
    return (usage.prompt_tokens * p.input + usage.output_tokens * p.output) / PER
