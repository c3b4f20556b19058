"""`ScriptedModel`: plays assistant turns from a list, for tests and demos (no network).

    model = ScriptedModel([
        tool_use("write_file", {"path": "app/x.py", "content": "x = 1\n"}),
        tool_use("finish", {"summary": "wrote x"}),
    ])

A script entry is a `Reply`, or a callable that gets the request and returns one (to
answer from what the tools returned). Every request is kept in `requests`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from orchestrator.engines.model.model import Block, Message, Reply
from orchestrator.engines.model.prices import Usage

Turn = Reply | Callable[[dict[str, Any]], Reply]
_ids = itertools.count(1)


def text(words: str, stop_reason: str = "end_turn") -> Reply:
    return Reply([{"type": "text", "text": words}], stop_reason)


def tool_use(name: str, tool_input: dict[str, Any], *more: tuple[str, dict[str, Any]]) -> Reply:
    """One turn calling one tool, or several in parallel (`more` = extra (name, input))."""
    calls = [(name, tool_input), *more]
    blocks = [
        {"type": "tool_use", "id": f"toolu_{next(_ids):06d}", "name": n, "input": i}
        for n, i in calls
    ]
    return Reply(blocks, "tool_use")


@dataclass
class ScriptedModel:
    script: list[Turn]
    name: str = "scripted"
    requests: list[dict[str, Any]] = field(default_factory=list)

    def query(self, messages: list[Message], system: list[Block], tools: list[Block]) -> Reply:
        request = {"system": system, "tools": tools, "messages": messages}
        self.requests.append(json.loads(json.dumps(request)))
        if not self.script:
            raise AssertionError("ScriptedModel: the script is exhausted")
        turn = self.script.pop(0)
        reply = turn(request) if callable(turn) else turn
        prompt = len(json.dumps(request)) // 4
        reply.usage = Usage(input_tokens=prompt, output_tokens=len(json.dumps(reply.content)) // 4)
        reply.model = reply.model or self.name
        return reply
