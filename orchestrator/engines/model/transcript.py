"""Per-run files: `project_state/runs/<run-id>/transcript.jsonl` and the saved conversation.

The transcript is append-only, one JSON object a line, with API keys and secret-looking
values redacted. The conversation (`<key>.state.json`) is replaced whole after every
complete turn, so a new `perform` with the same run id continues from there.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestrator.errors import StackcrewError

REDACTED = "[REDACTED]"
SECRET_KEY = re.compile(
    r"(api[_-]?key|secret|password|passwd|auth[_-]?token|access[_-]?token|^token$|authorization)",
    re.IGNORECASE,
)
SECRET_VALUE = re.compile(
    r"(sk-ant-[A-Za-z0-9_\-]{8,}"
    r"|sk-[A-Za-z0-9_\-]{20,}"
    r"|gh[pousr]_[A-Za-z0-9]{20,}"
    r"|AKIA[0-9A-Z]{16}"
    r"|xox[baprs]-[A-Za-z0-9\-]{10,}"
    r"|(?i:bearer)\s+[A-Za-z0-9._\-]{16,}"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)"
)
ENV_ASSIGNMENT = re.compile(
    r"(?im)^(\s*[A-Z0-9_]*(?:KEY|SECRET|TOKEN|PASSWORD)[A-Z0-9_]*\s*[=:]\s*)(\S.*)$"
)


def redact(value: Any) -> Any:
    """A copy of `value` with secrets replaced by `[REDACTED]`."""
    if isinstance(value, dict):
        return {
            k: REDACTED if SECRET_KEY.search(str(k)) and isinstance(v, str) else redact(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return _redact_text(value)
    return value


def _redact_text(text: str) -> str:
    key = os.environ.get("ANTHROPIC_API_KEY", "")
    if len(key) >= 8:
        text = text.replace(key, REDACTED)
    text = SECRET_VALUE.sub(REDACTED, text)
    return ENV_ASSIGNMENT.sub(lambda m: m.group(1) + REDACTED, text)


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

    def log(self, kind: str, **data: Any) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        entry = {"ts": datetime.now(UTC).isoformat(), "key": self.key, "kind": kind, **data}
        with self.transcript.open("a", encoding="utf-8") as f:
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
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.conversation.with_name(self.conversation.name + ".tmp")
        tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
        os.replace(tmp, self.conversation)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "run"
