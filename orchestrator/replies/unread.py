"""What an answer about endpoints cannot list: the routers an application includes or
mounts that the index cannot read (built by a call, defined in a library, a mounted
application), each under the prefix it is served at."""

from __future__ import annotations

from orchestrator.index.answer.describe import brief_source

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from orchestrator.index.project_index import ProjectIndex

SHOWN = 10  # lines of text; the facts hold every one


def unread_notes(index: ProjectIndex) -> list[dict[str, Any]]:
    """Every router the index could not read, as an answer's facts."""
    return [
        {
            "prefix": unread.prefix or "/",
            "source": unread.source,
            "kind": unread.kind,
            "file": unread.file,
            "line": unread.line,
            "app": unread.app,
        }
        for unread in index.unread_routers
    ]


def unread_text(notes: list[dict[str, Any]]) -> str:
    """The notes as the lines an answer listing endpoints ends with."""
    count = len(notes)
    lines = [
        f"Also served, by routers the index cannot read, so their endpoints are not listed ({count}):"
    ]
    lines += [
        f"- {n['prefix']}: {_verb(n)} {brief_source(n['source'])} ({n['file']}:{n['line']})"
        for n in notes[:SHOWN]
    ]
    if len(notes) > SHOWN:
        lines.append(f"… and {len(notes) - SHOWN} more (all in facts)")
    return "\n".join(lines)


def _verb(note: dict[str, Any]) -> str:
    return "mounts" if note["kind"] == "mount" else "includes"
