"""The tools that change files, and the guard every write passes first.

Every write goes through `Workspace.write_text` (ownership, links, the repository's
edge). A refused write names the path's owner, so the agent knows whom to ask.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from orchestrator.engines.model.errors import ToolError
from orchestrator.engines.model.tools.context import ToolContext
from orchestrator.redaction import REDACTED
from project_state.errors import StackcrewError


def write_file(ctx: ToolContext, path: str, content: str) -> str:
    """Write a whole file (only inside the paths you own)."""
    rel = _write(ctx, path, content)
    return f"wrote {rel} ({len(content)} characters)"


def edit_file(
    ctx: ToolContext, path: str, old: Annotated[str, Field(min_length=1)], new: str
) -> str:
    """Replace `old` by `new` in a file; `old` must occur exactly once."""
    text = ctx.workspace.read_text(path)
    count = text.count(old)
    if count != 1:
        where = "does not occur" if count == 0 else f"occurs {count} times"
        raise ToolError(
            f"`old` {where} in {path!r}; it must match exactly once "
            "(copy it from read_file, add surrounding lines to make it unique)"
        )
    rel = _write(ctx, path, text.replace(old, new, 1))
    return f"edited {rel}"


def _write(ctx: ToolContext, path: str, content: str) -> str:
    """Write through the workspace; returns the repository-relative path written."""
    if content.count(REDACTED) > _text_or_empty(ctx, path).count(REDACTED):
        raise ToolError(
            f"write refused: the content holds {REDACTED}, which stands for a secret you were "
            "not shown; writing it would replace the secret in the file. Leave those lines "
            "as they are: change the others with edit_file"
        )
    try:
        return ctx.workspace.write_text(path, content)
    except StackcrewError as exc:
        raise ToolError(f"write refused: {exc.message}.{_owner_hint(ctx, path)}") from None


def _text_or_empty(ctx: ToolContext, path: str) -> str:
    try:
        return ctx.workspace.read_text(path)
    except (StackcrewError, OSError, UnicodeError):
        return ""


def _owner_hint(ctx: ToolContext, path: str) -> str:
    owner = _owner(ctx, path)
    if owner is None or owner == ctx.workspace.agent or ctx.workspace.read_only:
        return ""
    if ctx.mode == "EXECUTE":
        return (
            f" {path!r} belongs to agent {owner!r}: call request_change(agent={owner!r}, "
            "description=...) to ask them for the change"
        )
    return f" {path!r} belongs to agent {owner!r}; DIRECT work stays inside your own paths"


def _owner(ctx: ToolContext, path: str) -> str | None:
    try:
        return ctx.workspace.ownership.owner_of(ctx.workspace.resolve(path))
    except StackcrewError:
        return None
