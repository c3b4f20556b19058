"""How deeply a JSON or YAML input may nest, checked before anything recurses into it.

A repository's own files (stackcrew.yaml, agent frontmatter, issue specs, the state files)
are input from outside: nested a few thousand levels deep they would exhaust Python's
stack in the parser or the validator. Every reader of such a file goes through here, so
the limit is one number. Like `orchestrator.errors`, this module imports nothing of ours,
so that every package can use it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MAX_DEPTH = 100
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def json_too_deep_at(text: str) -> tuple[int, int] | None:
    """(line, column) of the first bracket past `MAX_DEPTH` in JSON `text`, else None.

    Strings are skipped whole, so brackets inside them do not count.
    """
    depth = 0
    for token in _JSON_TOKENS.finditer(text):
        opened = token.group()
        if opened in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _line_column(text, token.start())
        elif opened in "]}":
            depth -= 1
    return None


def load_yaml(text: str) -> Any:
    """`yaml.safe_load` that refuses input nested more than `MAX_DEPTH` levels deep with a
    `yaml.MarkedYAMLError` (so callers' YAML error handling names the line and column)."""
    import yaml

    return yaml.load(text, Loader=_depth_limited_loader())  # a SafeLoader subclass


def compose_yaml(text: str) -> Any:
    """`yaml.compose` with the same depth limit."""
    import yaml

    return yaml.compose(text, Loader=_depth_limited_loader())


@cache
def _depth_limited_loader() -> type:
    import yaml

    class DepthLimitedLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    at = self.peek_event().start_mark
                    mark = yaml.Mark(at.name, at.index, at.line, at.column, None, None)
                    raise yaml.composer.ComposerError(None, None, TOO_DEEP, mark)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return DepthLimitedLoader


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
