"""A loopback fake of the Messages API that plays scripted turns and checks every request.

    with FakeMessagesAPI([tool_use("finish", {"summary": "ok"})]) as api:
        client = anthropic.Anthropic(base_url=api.url, api_key="test")

Script entries, one per HTTP request: a `Reply` (from `orchestrator.engines.model.scripted`)
or a callable `(body) -> Reply`, or a fault: "429" (with retry-after), "529", "500",
"401", "drop" (close the connection without a response), "truncate" (send headers for a
whole body, then half of it, and hang up), "badjson" (status 200 with a body that is not
JSON), "stall" (say nothing for
`stall_seconds`, so the client times out). Every request is validated:
unsupported parameters (temperature, top_p, top_k), role order, tool_result pairing with
the previous tool_use ids, at most 4 cache_control breakpoints. A violation answers 400
and lands in `errors`. Prompt caching is accounted by prefix as the API does: tokens up
to the longest prefix cached by an earlier request are a cache read, the rest up to the
last breakpoint a cache write, the remainder plain input.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any, Self

from tests.fakes.loopback import LoopbackServer

ALLOWED = {
    "model", "max_tokens", "messages", "system", "tools", "tool_choice", "metadata",
    "stop_sequences", "stream", "thinking", "cache_control", "service_tier",
}  # fmt: skip
MAX_BREAKPOINTS = 4
TRUNCATE = "x-fake-truncate"  # internal marker, never sent
RAW = "x-fake-raw"  # internal marker: send the payload's "raw" text as the body
FAULTS = {
    "429": (429, "rate_limit_error", {"retry-after": "0.01"}),
    "529": (529, "overloaded_error", {"retry-after": "0.01"}),
    "500": (500, "api_error", {"retry-after": "0.01"}),
    "401": (401, "authentication_error", {}),
}


class FakeMessagesAPI:
    def __init__(
        self, script: list[Any] | None = None, *, min_cache_tokens: int = 0, stall_seconds=1.0
    ) -> None:
        self.script = list(script or [])
        self.stall_seconds = stall_seconds
        self.min_cache_tokens = min_cache_tokens
        self.requests: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.usages: list[dict[str, int]] = []
        self.faults_served: list[str] = []
        self._cache: set[str] = set()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = LoopbackServer(_handler(self))

    @property
    def url(self) -> str:
        return self._server.url

    def __enter__(self) -> Self:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    def add(self, *entries: Any) -> None:
        self.script.extend(entries)

    # -- one request ---------------------------------------------------------------------

    def answer(self, body: dict[str, Any]) -> tuple[int, dict[str, Any] | None, dict[str, str]]:
        with self._lock:
            self.requests.append(body)
            problems = validate(body)
            if problems:
                self.errors.extend(problems)
                return _error(400, "invalid_request_error", "; ".join(problems))
            if not self.script:
                self.errors.append("the script is exhausted")
                return _error(400, "invalid_request_error", "fake: the script is exhausted")
            entry = self.script.pop(0)
            if isinstance(entry, str):
                self.faults_served.append(entry)
            else:
                reply = entry(body) if callable(entry) else entry
                return 200, self._message(body, reply), {}
        if entry == "stall":
            time.sleep(self.stall_seconds)  # outside the lock: other requests go on
        if entry == "truncate":
            return (
                200,
                {"type": "message", "content": [{"type": "text", "text": "x" * 64}]},
                {TRUNCATE: "1"},
            )
        if entry == "badjson":
            return 200, {"raw": '{"type": "message", "content": [tru'}, {RAW: "1"}
        return (0, None, {}) if entry in ("drop", "stall") else _error(*FAULTS[entry])

    def _message(self, body: dict[str, Any], reply: Any) -> dict[str, Any]:
        usage = self.account(body)
        usage["output_tokens"] = max(1, len(json.dumps(reply.content)) // 4)
        self.usages.append(usage)
        return {
            "id": f"msg_{next(self._ids):08d}", "type": "message", "role": "assistant",
            "model": body["model"], "content": reply.content, "stop_reason": reply.stop_reason,
            "stop_sequence": None, "usage": usage,
        }  # fmt: skip

    def account(self, body: dict[str, Any]) -> dict[str, int]:
        """Cache read / write / plain input tokens of a request, by prefix."""
        segments = _segments(body)
        tokens = [max(1, len(text) // 4) for text, _ in segments]
        hashes, h = [], hashlib.sha256()
        for text, _ in segments:
            h.update(text.encode())
            hashes.append(h.copy().hexdigest())
        breakpoints = [i for i, (_, marked) in enumerate(segments) if marked]
        last = max(breakpoints, default=-1)
        hit = max((i for i in range(last + 1) if hashes[i] in self._cache), default=-1)
        for i in breakpoints:
            if sum(tokens[: i + 1]) >= self.min_cache_tokens:
                self._cache.add(hashes[i])
        read = sum(tokens[: hit + 1])
        write = sum(tokens[hit + 1 : last + 1])
        return {
            "input_tokens": sum(tokens) - read - write,
            "cache_creation_input_tokens": write,
            "cache_read_input_tokens": read,
        }

    @property
    def cache_share(self) -> float:
        read = sum(u["cache_read_input_tokens"] for u in self.usages)
        total = sum(
            u["input_tokens"] + u["cache_read_input_tokens"] + u["cache_creation_input_tokens"]
            for u in self.usages
        )
        return read / total if total else 0.0


def validate(body: dict[str, Any]) -> list[str]:
    problems = [f"unsupported parameter {key!r}" for key in sorted(body.keys() - ALLOWED)]
    if not isinstance(body.get("model"), str) or not isinstance(body.get("max_tokens"), int):
        problems.append("model (string) and max_tokens (integer) are required")
    messages = body.get("messages") or []
    if not messages or messages[0].get("role") != "user":
        problems.append("messages must start with a user message")
    problems += _pairing(messages)
    count = _breakpoints(body)
    if count > MAX_BREAKPOINTS:
        problems.append(f"{count} cache_control blocks; at most {MAX_BREAKPOINTS} are allowed")
    return problems


def _pairing(messages: list[dict[str, Any]]) -> list[str]:
    problems, pending = [], None
    for n, message in enumerate(messages):
        blocks = _blocks(message)
        expected = "assistant" if n % 2 else "user"
        if message.get("role") != expected:
            problems.append(f"messages[{n}]: roles must alternate user/assistant")
        results = [b.get("tool_use_id") for b in blocks if b.get("type") == "tool_result"]
        if pending is not None:
            firsts = [b.get("type") for b in blocks[: len(pending)]]
            if sorted(results) != sorted(pending) or set(firsts) != {"tool_result"}:
                problems.append(
                    f"messages[{n}]: tool_use ids {pending} need tool_result blocks first, "
                    f"got {results}"
                )
        elif results:
            problems.append(f"messages[{n}]: tool_result {results} without a preceding tool_use")
        uses = [b["id"] for b in blocks if b.get("type") == "tool_use"]
        pending = uses if message.get("role") == "assistant" and uses else None
    if pending:
        problems.append(f"the last assistant message has tool_use {pending} without results")
    return problems


def _blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    content = message.get("content")
    return [{"type": "text", "text": content}] if isinstance(content, str) else list(content)


def _breakpoints(body: dict[str, Any]) -> int:
    return sum(marked for _, marked in _segments(body)) + ("cache_control" in body)


def _segments(body: dict[str, Any]) -> list[tuple[str, bool]]:
    """The request as ordered blocks (tools, system, messages), each with its breakpoint."""
    system = body.get("system") or []
    if isinstance(system, str):
        system = [{"type": "text", "text": system}]
    parts = [("tool", t) for t in body.get("tools") or []] + [("system", b) for b in system]
    for message in body.get("messages") or []:
        parts += [(message.get("role", "?"), b) for b in _blocks(message)]
    return [
        (json.dumps([role, _plain(block)], sort_keys=True), "cache_control" in block)
        for role, block in parts
    ]


def _plain(block: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in block.items() if k != "cache_control"}


def _error(status: int, kind: str, message: str = "", headers: dict[str, str] | None = None):
    body = {"type": "error", "error": {"type": kind, "message": message or f"fake {kind}"}}
    return status, body, headers or {}


def _handler(api: FakeMessagesAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.split("?")[0] != "/v1/messages":
                status, payload, headers = _error(404, "not_found_error", self.path)
            else:
                status, payload, headers = api.answer(body)
            if payload is None:  # "drop": no response at all
                self.close_connection = True
                return
            raw = headers.pop(RAW, None) is not None
            data = payload["raw"].encode() if raw else json.dumps(payload).encode()
            truncate = headers.pop(TRUNCATE, None) is not None
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data[: len(data) // 2] if truncate else data)
                self.close_connection = truncate
            except OSError:  # the client gave up (timeout): nothing to answer
                pass

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
