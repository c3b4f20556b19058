"""How deeply a JSON or YAML input may nest, checked before anything recurses into it.

A repository's own files (stackcrew.yaml, agent frontmatter, issue specs, the state files)
are input from outside: nested a few thousand levels deep they would exhaust Python's
stack in the parser or the validator. Every reader of such a file goes through here, so
the limit is one number. Like `project_state.errors`, this module imports nothing of ours,
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


def yaml_problem_place(exc: Exception) -> tuple[int, int] | None:
    """1-based (line, column) where PyYAML found the problem of `exc`, None when it gave none."""
    mark = getattr(exc, "problem_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def compose_yaml(text: str) -> Any:
    """`yaml.compose` with the same depth limit."""
    import yaml

    return yaml.compose(text, Loader=_depth_limited_loader())


def yaml_position(text: str, loc: tuple[Any, ...]) -> tuple[int, int]:
    """1-based (line, column) of the value at `loc` (mapping keys and list indexes) in
    YAML `text`, or of its nearest parent that exists."""
    node = compose_yaml(text)
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    mark = node.start_mark if node is not None else None
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _child(node: Any, part: Any) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return key if value is None else value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


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
