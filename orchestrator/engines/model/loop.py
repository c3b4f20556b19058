"""The agent loop: run → step → query → execute, with turn, cost and time limits.

Every request extends the previous one, so its prefix stays byte-identical and the API
serves it from the prompt cache: tools and system carry breakpoints (see `tools/registry.py`,
`system_blocks`), and each request marks the last block of the previous request and of
its own last message (4 breakpoints at most). The conversation is saved after each
complete turn and in `finally`; a new loop on the same files continues from there.

Everything enters the conversation redacted (`orchestrator.redaction`): the instruction,
the model's turns and the tool results. So the model never sees a secret stackcrew can
recognise, and what is saved and resumed is exactly what the model saw.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from orchestrator.config import Limits
from orchestrator.engine import Outcome
from orchestrator.engines.model.errors import Finished, LimitsExceeded, ModelRunStop, ModelStopped
from orchestrator.engines.model.model import Block, Message, Model, Reply
from orchestrator.engines.model.prices import PER, Usage, cost_usd, price_of
from orchestrator.engines.model.tools import Toolbox
from orchestrator.engines.model.transcript import RunFiles
from orchestrator.redaction import redact, redact_text

EPHEMERAL = {"type": "ephemeral"}
CHARS_PER_TOKEN = 4
NUDGE = "Use the tools to do the work, then call finish(summary). Do not stop without it."
NOT_UNICODE = (
    "error: this call's input holds text that is not valid Unicode (a lone surrogate, shown "
    "as U+FFFD); nothing was done. Send the input again as plain UTF-8 text."
)
CUT_OFF = (
    "Your reply was cut off at the output token limit. Continue where you stopped; write "
    "large files in several smaller edit_file calls."
)
EventSink = Callable[[dict[str, Any]], None]


def system_blocks(prompt: str) -> list[Block]:
    return [{"type": "text", "text": prompt, "cache_control": EPHEMERAL}]


def with_breakpoints(messages: list[Message], previous_length: int) -> list[Message]:
    """A copy of `messages` whose last block, and the previous request's last, are cached."""
    marked = list(messages)
    for index in {len(messages) - 1, previous_length - 1}:
        if 0 <= index < len(messages):
            content = list(marked[index]["content"])
            content[-1] = {**content[-1], "cache_control": EPHEMERAL}
            marked[index] = {**marked[index], "content": content}
    return marked


@dataclass
class AgentLoop:
    model: Model
    toolbox: Toolbox
    system: str
    limits: Limits
    files: RunFiles | None = None
    on_usage: Callable[[Reply, float, int], None] | None = None
    on_event: EventSink | None = None
    spent_before: float = 0.0  # by earlier steps or attempts of the same run
    messages: list[Message] = field(default_factory=list)
    turns: int = 0
    spent_usd: float = 0.0
    usage: Usage = field(default_factory=Usage)
    _complete: list[Message] = field(default_factory=list)
    _sent: int = 0
    _last_prompt_tokens: int = 0
    _nudged: bool = False

    def run(self, instruction: str) -> Outcome:
        self._restore(instruction)
        started, outcome = time.monotonic(), None
        try:
            while True:
                self.step(started)
        except Finished as stop:
            outcome = self._finished(stop.reason)
        except ModelRunStop as stop:
            outcome = Outcome("blocked", stop.reason, reason=stop.reason, data=self._data())
        finally:
            self._save(outcome)
            self._emit("stop", status=outcome.status if outcome else "interrupted")
        return outcome

    def step(self, started: float) -> None:
        self._check_limits(started)
        reply = self.query()
        self._add_assistant(replace(reply, content=redact(reply.content)))  # tools get the original
        try:
            self.execute(reply)
        finally:
            self.turns += 1
        self._complete = list(self.messages)
        self._save(None)

    def query(self) -> Reply:
        self._emit("turn", turn=self.turns + 1)
        request = with_breakpoints(self.messages, self._sent)
        tools = self._tool_specs()
        if self.files:
            self.files.log("request", turn=self.turns + 1, new=self.messages[self._sent :])
        reply = self.model.query(request, system_blocks(self.system), tools)
        self._account(reply)
        self._sent = len(self.messages)
        if self.files:
            self.files.log("reply", turn=self.turns + 1, stop=reply.stop_reason,
                           content=reply.content, usage=reply.usage.to_json())  # fmt: skip
        return reply

    def execute(self, reply: Reply) -> None:
        stop = reply.stop_reason
        if stop == "tool_use" or (stop == "max_tokens" and reply.tool_calls):
            self._run_tools(reply, cut_off=stop == "max_tokens")
        elif stop in ("end_turn", "stop_sequence"):
            self._ended(reply)
        elif stop == "max_tokens":
            self.messages.append(_user_text(CUT_OFF))
        elif stop == "pause_turn":
            pass  # the paused assistant turn goes back as is; the server continues it
        elif stop == "refusal":
            raise ModelStopped("the model refused to continue (stop_reason 'refusal')")
        elif stop == "model_context_window_exceeded":
            raise ModelStopped(
                "the conversation no longer fits the model's context window; "
                "split the task or use a model with a larger window"
            )
        else:
            raise ModelStopped(f"unexpected stop_reason {stop!r} from the model")

    # -- inside --------------------------------------------------------------------------

    def _add_assistant(self, reply: Reply) -> None:
        """A new assistant message, or the continuation of a paused one (pause_turn).

        Empty text blocks are dropped: the API refuses them (and breakpoints on them)."""
        content = [b for b in reply.content if b.get("type") != "text" or b.get("text")]
        last = self.messages[-1]
        if last["role"] == "assistant":
            self.messages[-1] = {**last, "content": [*last["content"], *content]}
        else:
            content = content or [{"type": "text", "text": "(no output)"}]
            self.messages.append({"role": "assistant", "content": content})

    def _run_tools(self, reply: Reply, *, cut_off: bool) -> None:
        results, finished = [], None
        for call in reply.tool_calls:
            if cut_off:
                results.append(
                    _error_result(call, f"error: input cut off at max_tokens. {CUT_OFF}")
                )
                continue
            if call["id"] in reply.not_unicode:
                results.append(_error_result(call, NOT_UNICODE))
                continue
            try:
                results.append(self.toolbox.result(call))
            except Finished as done:
                finished = done
                results.append({"type": "tool_result", "tool_use_id": call["id"], "content": "ok"})
            self._emit("tool", name=call.get("name"), is_error=results[-1].get("is_error", False))
        self.messages.append({"role": "user", "content": redact(results)})
        if finished is not None:
            raise finished

    def _ended(self, reply: Reply) -> None:
        if self.toolbox.mode == "CONSULT" or self._nudged:
            raise Finished(reply.text.strip() or "(no answer)")
        self._nudged = True
        self.messages.append(_user_text(NUDGE))

    def _check_limits(self, started: float) -> None:
        if self.turns >= self.limits.max_turns:
            raise LimitsExceeded(f"turn limit reached ({self.limits.max_turns} turns)")
        elapsed = time.monotonic() - started
        if elapsed > self.limits.max_seconds:
            raise LimitsExceeded(f"time limit reached ({self.limits.max_seconds} s)")
        estimate, spent = self.estimate_next_usd(), self.spent_before + self.spent_usd
        if spent + estimate > self.limits.max_cost_usd:
            raise LimitsExceeded(
                f"cost limit: the run spent ${spent:.4f} and the next request would cost about "
                f"${estimate:.4f}, over the ${self.limits.max_cost_usd:.2f} budget "
                "(raise limits.max_cost_usd to continue)"
            )

    def estimate_next_usd(self) -> float:
        """The next request: old prefix read from cache, new part written, typical output."""
        price = price_of(self.model.name)
        new = self.messages[self._sent :]
        new_chars = len(json.dumps(new)) + (0 if self._sent else len(self.system) + 4000)
        output = self.usage.output_tokens / self.turns if self.turns else 1024
        return (
            self._last_prompt_tokens * price.cache_read
            + new_chars / CHARS_PER_TOKEN * price.cache_write
            + output * price.output
        ) / PER

    def _account(self, reply: Reply) -> None:
        cost = cost_usd(reply.model or self.model.name, reply.usage)
        self.spent_usd += cost
        self.usage += reply.usage
        self._last_prompt_tokens = reply.usage.prompt_tokens
        if self.on_usage:
            self.on_usage(reply, cost, self.turns + 1)
        self._emit("usage", **reply.usage.to_json(), cost_usd=cost, total_usd=self.spent_usd)

    def _tool_specs(self) -> list[Block]:

        return self.toolbox.tool_specs()

    def _finished(self, summary: str) -> Outcome:
        status = "answered" if self.toolbox.mode == "CONSULT" else "done"
        self._complete = list(self.messages)
        return Outcome(status, summary, delegations=list(self.toolbox.delegations),
                       data=self._data())  # fmt: skip

    def _data(self) -> dict[str, object]:
        return {"turns": self.turns, "cost_usd": round(self.spent_usd, 6), **self.usage.to_json()}

    def _restore(self, instruction: str) -> None:
        saved = self.files.load() if self.files else None
        if saved and saved.get("messages"):
            self.messages = saved["messages"]
            self.toolbox.delegations.extend(tuple(d) for d in saved.get("delegations", []))
            self._emit("resumed", turns=saved.get("turns", 0))
        else:
            self.messages = [_user_text(redact_text(instruction))]
        self._complete = list(self.messages)

    def _save(self, outcome: Outcome | None) -> None:
        if self.files is None:
            return
        self.files.save({
            "messages": self._complete,
            "turns": self.turns,
            "cost_usd": self.spent_usd,
            "usage": self.usage.to_json(),
            "delegations": [list(d) for d in self.toolbox.delegations],
            "outcome": None if outcome is None or outcome.status == "blocked" else {
                "status": outcome.status, "summary": outcome.summary,
            },
        })  # fmt: skip

    def _emit(self, event: str, **data: Any) -> None:
        if self.on_event:
            self.on_event({"event": event, "agent": self.toolbox.workspace.agent, **data})


def _user_text(text: str) -> Message:
    return {"role": "user", "content": [{"type": "text", "text": text}]}


def _error_result(call: Block, message: str) -> Block:
    return {"type": "tool_result", "tool_use_id": call["id"], "content": message, "is_error": True}
