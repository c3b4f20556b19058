"""The only module that imports `anthropic`, and only when a client is built or used.

SDK failures that survive the SDK's own retries become `ModelUnavailable` with a reason a
person can act on, so the loop ends the run cleanly (BLOCKED, resumable).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from orchestrator.engines.model.errors import ModelUnavailable
from orchestrator.engines.model.model import Reply
from orchestrator.engines.model.prices import Usage

SURROGATE = re.compile(r"[\ud800-\udfff]")

DEFAULT_TIMEOUT = 600.0


@dataclass
class MessagesClient:
    """A thin wrapper over `anthropic.Anthropic().messages.create`."""

    sdk: Any

    @classmethod
    def connect(
        cls,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        max_retries: int = 4,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> MessagesClient:
        import anthropic  # lazy: the SDK is heavy and only a real run needs it

        key = api_key or os.environ.get("ANTHROPIC_API_KEY")
        if key is None and (base_url or os.environ.get("ANTHROPIC_BASE_URL")):
            key = "local"  # local Messages-API servers (Ollama, vLLM, llama.cpp) ignore it
        sdk = anthropic.Anthropic(
            api_key=key, base_url=base_url, max_retries=max_retries, timeout=timeout
        )
        return cls(sdk)

    def create(self, body: dict[str, Any]) -> Reply:
        import anthropic

        try:
            message = self.sdk.messages.create(**body)
        except anthropic.APIStatusError as exc:
            raise ModelUnavailable(_status_reason(exc)) from exc
        except anthropic.APITimeoutError as exc:
            raise ModelUnavailable(f"the model API timed out after retries: {exc}") from exc
        except anthropic.APIConnectionError as exc:
            raise ModelUnavailable(f"cannot reach the model API: {exc}") from exc
        except anthropic.AnthropicError as exc:
            raise ModelUnavailable(f"model API error: {exc}") from exc
        except ValueError as exc:  # a 200 answer whose body is not JSON
            raise ModelUnavailable(_unreadable(f"its body is not JSON ({exc})")) from exc
        try:
            return _reply(message)
        except (AttributeError, TypeError, ValueError) as exc:
            raise ModelUnavailable(_unreadable(f"it lacks Messages-API fields ({exc})")) from exc


def _status_reason(exc: Any) -> str:
    code = getattr(exc, "status_code", "?")
    detail = getattr(exc, "api_message", None) or str(exc)
    what = {
        401: "authentication failed: check ANTHROPIC_API_KEY",
        403: "permission denied for this key or model",
        404: "unknown model or endpoint: check `model` and `base_url`",
        429: "rate limited after retries: wait, then `orchestrate resume`",
        529: "the API is overloaded after retries: try again later with `orchestrate resume`",
    }.get(code, "the model API failed after retries")
    if isinstance(code, int) and code >= 500 and code != 529:
        what = f"server error {code} after retries: try again later with `orchestrate resume`"
    return f"{what} (HTTP {code}: {detail})"


def _unreadable(why: str) -> str:
    return (
        f"the model API answered with a reply stackcrew cannot read: {why}; check that "
        "`base_url` points at a Messages-API server, then `orchestrate resume`"
    )


def _reply(message: Any) -> Reply:
    u = message.usage
    usage = Usage(
        input_tokens=u.input_tokens or 0,
        output_tokens=u.output_tokens or 0,
        cache_write_tokens=u.cache_creation_input_tokens or 0,
        cache_read_tokens=u.cache_read_input_tokens or 0,
    )
    content = [_unicode_only(b.model_dump(exclude_none=True)) for b in message.content]
    flawed = frozenset(
        b["id"] for b, raw in zip(content, message.content, strict=True)
        if b.get("type") == "tool_use" and b != raw.model_dump(exclude_none=True)
    )  # fmt: skip
    return Reply(content, message.stop_reason or "end_turn", usage, message.model, flawed)


def _unicode_only(value: Any) -> Any:
    """`value` with every lone surrogate (valid JSON, not valid UTF-8) replaced by U+FFFD,
    so the reply can be saved and sent back; the call that held one is refused."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_unicode_only(k): _unicode_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unicode_only(v) for v in value]
    return value
