"""Per-run files in `project_state/runs/<run-id>/` (git-ignored): the transcript, the
saved conversation and, for DIRECT work, the usage of each request.

The transcript is append-only, one JSON object a line. The conversation (`<key>.state.json`)
is replaced whole after every complete turn, so a new `perform` with the same run id
continues from there. `usage.jsonl` holds what EXECUTE puts in the task log as `usage`
events, for runs that write no project state (DIRECT); `orchestrate cost` reads both.
Everything written here passes `orchestrator.redaction.redact` first.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from orchestrator.redaction import redact
from project_state.atomic import write_atomic
from project_state.errors import StackcrewError
from project_state.input_problems import describe_error, first_error

USAGE_FILE = "usage.jsonl"


class UsageRecord(BaseModel):
    """One request of a DIRECT run, as `usage.jsonl` holds it."""

    model_config = ConfigDict(extra="forbid")

    ts: str
    run_id: str
    task: str | None = None
    agent: str | None = None
    mode: str
    event: str = "usage"
    data: dict[str, Any]


class RunFiles:
    """The files of one agent's conversation inside one run."""

    def __init__(self, state_dir: Path, run_id: str, key: str) -> None:
        self.dir = state_dir / "runs" / _safe(run_id)
        self.key = _safe(key)

    @property
    def transcript(self) -> Path:
        return self.dir / "transcript.jsonl"

    @property
    def conversation(self) -> Path:
        return self.dir / f"{self.key}.state.json"

    @property
    def usage(self) -> Path:
        return self.dir / USAGE_FILE

    def log(self, kind: str, **data: Any) -> None:
        entry = {"ts": _now(), "key": self.key, "kind": kind, **data}
        self._append(self.transcript, entry)

    def record_usage(self, run_id: str, agent: str, mode: str, data: dict[str, Any]) -> None:
        """One request's usage, where `orchestrate cost` finds it for a run without state."""
        record = UsageRecord(ts=_now(), run_id=run_id, agent=agent, mode=mode, data=data)
        self._append(self.usage, record.model_dump())

    def _append(self, path: Path, entry: dict[str, Any]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(redact(entry), default=str) + "\n")

    def load(self) -> dict[str, Any] | None:
        """The saved conversation; a damaged one is an error that says how to go on."""
        if not self.conversation.is_file():
            return None
        try:
            saved = json.loads(self.conversation.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise self._damaged(str(exc)) from None
        if not isinstance(saved, dict) or not isinstance(saved.get("messages", []), list):
            raise self._damaged("not a saved conversation (an object with a list of messages)")
        return saved

    def _damaged(self, why: str) -> StackcrewError:
        return StackcrewError(
            f"{self.conversation}: cannot resume from it: {why}",
            hint="delete the file to run this step again from its start",
        )

    def save(self, state: dict[str, Any]) -> None:
        """Replace the saved conversation; its messages are redacted as they enter it."""
        self.dir.mkdir(parents=True, exist_ok=True)
        rest = redact({k: v for k, v in state.items() if k != "messages"})
        saved = {"messages": state.get("messages", []), **rest}
        write_atomic(self.conversation, json.dumps(saved, indent=1).encode("utf-8"))


def run_usage(state_dir: Path, run_id: str | None = None) -> list[UsageRecord]:
    """The usage records of every run folder (or of `run_id`); a damaged line is an error."""
    runs = state_dir / "runs"
    pattern = f"{_safe(run_id)}/{USAGE_FILE}" if run_id else f"*/{USAGE_FILE}"
    return [r for path in sorted(runs.glob(pattern)) for r in _usage_lines(path)]


def _usage_lines(path: Path) -> list[UsageRecord]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(UsageRecord.model_validate_json(line))
        except ValidationError as exc:
            raise StackcrewError(
                f"{path}:{number}: not a usage record: {describe_error(first_error(exc))}",
                hint="delete the line (or the file) to count that run without it",
            ) from None
    return records


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "run"
