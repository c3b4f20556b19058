"""A command group that imports a command's module only when that command runs.

``orchestrate --help`` lists every command from a static table of one-line summaries;
``orchestrate sprint status`` imports `orchestrator.cli.sprint` and nothing of the other
commands. A test keeps each summary equal to the first paragraph of the command's help.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Any, ClassVar, NamedTuple

import typer
import typer.main
from typer.core import TyperCommand

from orchestrator.cli.common import ReportingGroup, new_app


class LazyCommand(NamedTuple):
    """Where a command lives and what `--help` says of it before it is imported."""

    module: str  # e.g. "orchestrator.cli.sprint"
    attribute: str  # a command function, or a Typer app that is a group of commands
    summary: str  # the first paragraph of the command's help


class LazyCommands(Mapping[str, Any]):
    """The group's commands by name, each built from its module on first use."""

    def __init__(self, table: Mapping[str, LazyCommand]) -> None:
        self._table = table
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._table:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = build_command(name, self._table[name])
        return self._built[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self._table else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def build_command(name: str, entry: LazyCommand) -> Any:
    """The click command Typer builds for a command function or a sub-app, named `name`."""
    target = getattr(import_module(entry.module), entry.attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        single = new_app("")
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(ReportingGroup):
    """A ReportingGroup whose commands come from `table`, imported one at a time."""

    table: ClassVar[Mapping[str, LazyCommand]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.table)

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(self.table)

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:
        """The `Commands:` section as click writes it, from the summaries alone."""
        limit = formatter.width - 6 - max(len(name) for name in self.table)
        rows = [
            (name, TyperCommand(name=name, help=entry.summary).get_short_help_str(limit))
            for name, entry in self.table.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
