"""What every recipe works with: the workspace, the index, the layout, the templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from orchestrator.engines.offline.generated import format_python, write_generated, write_if_changed
from orchestrator.engines.offline.layout import Layout, find_layout
from orchestrator.engines.offline.python_edits.errors import UnparsablePython
from orchestrator.engines.offline.relative_imports import made_relative
from orchestrator.index import ProjectIndex, build_index
from orchestrator.workspace import Workspace

TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(template: str, **values: Any) -> str:
    return _ENV.get_template(template).render(**values)


@dataclass
class RecipeContext:
    """One recipe run: writes go through the workspace and are remembered in order."""

    workspace: Workspace
    index: ProjectIndex
    recipe: str
    changed: list[str] = field(default_factory=list)
    _layout: Layout | None = None

    @property
    def layout(self) -> Layout:
        if self._layout is None:
            self._layout = find_layout(self.workspace.root, self.index)
        return self._layout

    def reindex(self) -> None:
        """See the files earlier steps wrote (the vue step reads the fastapi step's schemas)."""
        self.index = build_index(self.workspace.root)
        self._layout = None

    def generate(self, path: str, body: str) -> None:
        """Write a whole generated file (Python is `ruff format`ted first)."""
        if path.endswith(".py"):
            body = format_python(self._own_imports(path, body), self.workspace.root / path)
        if write_generated(self.workspace, path, body, recipe=self.recipe):
            self._note(path)

    def edit(self, path: str, text: str) -> None:
        """Write an existing file after an insertion, only when something was missing."""
        if path.endswith(".py"):
            text = self._own_imports(path, text, keep=self.read(path))
            text = format_python(text, self.workspace.root / path)
        if write_if_changed(self.workspace, path, text):
            self._note(path)

    def change(self, path: str, edit: Callable[[str], str]) -> None:
        """`edit` (insertions) applied to the file at `path`, then written as `edit` does;
        a file that does not parse is refused by its path and left as it is."""
        try:
            text = edit(self.read(path))
        except UnparsablePython as exc:
            raise exc.naming(path) from exc
        self.edit(path, text)

    def _own_imports(self, path: str, text: str, *, keep: str = "") -> str:
        """The package's imports in `text` made relative where its modules write them so."""
        layout = self._layout  # set by every recipe that writes the package's modules
        if layout is None or not layout.relative_imports or not layout.in_package(path):
            return text
        module = layout.module(path) + (".__init__" if path.endswith("/__init__.py") else "")
        return made_relative(text, module, layout.package, keep=keep)

    def _note(self, path: str) -> None:
        if path not in self.changed:
            self.changed.append(path)

    def read(self, path: str) -> str:
        return self.workspace.read_text(path) if self.workspace.exists(path) else ""
