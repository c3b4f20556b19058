"""A Rich live line per agent (turn, tool calls, tokens, cost), fed by the loop's events."""

from __future__ import annotations

from typing import Any


class LiveView:
    """An `on_event` callable; starts the live display on the first event."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self._live: Any = None

    def __call__(self, event: dict[str, Any]) -> None:
        row = self.rows.setdefault(
            event["agent"], {"turn": 0, "tools": 0, "errors": 0, "tokens": 0, "cost": 0.0}
        )
        kind = event["event"]
        if kind == "turn":
            row["turn"] = event["turn"]
        elif kind == "tool":
            row["tools"] += 1
            row["errors"] += bool(event.get("is_error"))
        elif kind == "usage":
            row["tokens"] += event["input_tokens"] + event["cache_read_tokens"]
            row["tokens"] += event["cache_write_tokens"] + event["output_tokens"]
            row["cost"] += event["cost_usd"]
        self._show(stop=kind == "stop")

    def _show(self, *, stop: bool) -> None:
        from rich.live import Live

        if self._live is None:
            self._live = Live(self.table(), auto_refresh=False, transient=False)
            self._live.start()
        self._live.update(self.table(), refresh=True)
        if stop:
            self._live.stop()
            self._live = None

    def table(self) -> Any:
        from rich.table import Table

        table = Table("agent", "turn", "tool calls", "errors", "tokens", "cost USD")
        for agent, r in self.rows.items():
            table.add_row(agent, str(r["turn"]), str(r["tools"]), str(r["errors"]),
                          f"{r['tokens']:,}", f"{r['cost']:.4f}")  # fmt: skip
        return table
