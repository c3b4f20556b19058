"""The one seam to a language model: `Model.query(messages, system, tools) -> Reply`.

Messages, system blocks and tools are plain Messages-API dicts, so a request can be
saved, resumed and replayed byte for byte. `AnthropicModel` sends them through the
official SDK (see `client.py`); `ScriptedModel` (in `scripted.py`) plays a script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from orchestrator.engines.model.prices import Usage

Block = dict[str, Any]
Message = dict[str, Any]


@dataclass
class Reply:
    """One assistant turn."""

    content: list[Block]
    stop_reason: str
    usage: Usage = field(default_factory=Usage)
    model: str = ""
    not_unicode: frozenset[str] = frozenset()  # ids of tool calls whose input had lone surrogates

    @property
    def text(self) -> str:
        return "\n".join(b.get("text", "") for b in self.content if b.get("type") == "text")

    @property
    def tool_calls(self) -> list[Block]:
        return [b for b in self.content if b.get("type") == "tool_use"]


class Model(Protocol):
    name: str

    def query(self, messages: list[Message], system: list[Block], tools: list[Block]) -> Reply: ...


@dataclass
class AnthropicModel:
    """Claude (or any Messages-API server) through the anthropic SDK; no temperature sent."""

    name: str
    client: Any  # orchestrator.engines.model.client.MessagesClient
    max_tokens: int = 8192

    def query(self, messages: list[Message], system: list[Block], tools: list[Block]) -> Reply:
        body = {
            "model": self.name,
            "max_tokens": self.max_tokens,
            "system": system,
            "tools": tools,
            "messages": messages,
        }
        return self.client.create(body)
