"""What the CLI offers, read from the Typer apps and from the README, for the surface test."""

from __future__ import annotations

import re
import shlex
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer.main

from orchestrator.cli.apps import agent_app, orchestrate_app

README = Path(__file__).resolve().parents[3] / "README.md"
APPS = {"orchestrate": orchestrate_app, "agent": agent_app}


@dataclass(frozen=True)
class Command:
    """A leaf command: its words (``orchestrate issue list``) and its options' spellings."""

    path: str
    options: frozenset[str]
    choices: dict[str, tuple[str, ...]]
    takes_project: bool


def commands() -> dict[str, Command]:
    """Every leaf command of both apps, walking the click tree Typer builds."""
    found: dict[str, Command] = {}
    for name, app in APPS.items():
        for path, command in _walk(typer.main.get_command(app), [name]):
            found[path] = _command(path, command)
    return found


def _walk(command: Any, path: list[str]):
    children = getattr(command, "commands", None)
    if not children:
        yield " ".join(path), command
        return
    for name, child in children.items():
        yield from _walk(child, [*path, name])


def groups_and_commands() -> list[str]:
    """Every command line that has a `--help`: the apps, their groups and their commands."""
    found: list[str] = []
    for name, app in APPS.items():
        root = typer.main.get_command(app)
        found += [name, *(path for path, _ in _walk(root, [name]))]
        found += [f"{name} {group}" for group, c in root.commands.items() if hasattr(c, "commands")]
    return sorted(set(found))


def _command(path: str, command: Any) -> Command:
    options: set[str] = set()
    choices: dict[str, tuple[str, ...]] = {}
    for param in command.params:
        if param.param_type_name != "option" or param.name == "project":
            continue
        spellings = [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]
        options.update(spellings)
        values = _literal_values(param)
        if values:
            choices[spellings[0]] = values
    takes_project = any(param.name == "project" for param in command.params)
    return Command(path, frozenset(options), choices, takes_project)


def _literal_values(param: Any) -> tuple[str, ...]:
    """The closed set an option takes when it is declared as a ``Literal``."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(v) for v in typing.get_args(annotation))
    return ()


def resolve(words: list[str], known: dict[str, Command]) -> str | None:
    """The command a line of words runs: the longest prefix naming a leaf command."""
    for end in range(len(words), 0, -1):
        if " ".join(words[:end]) in known:
            return " ".join(words[:end])
    return None


def readme_usages(known: dict[str, Command]) -> dict[str, set[str]]:
    """Each command the README shows, with the options it shows it with."""
    text = README.read_text(encoding="utf-8")
    snippets = re.findall(r"`([^`\n]+)`", text)
    for block in re.findall(r"```bash\n(.+?)\n```", text, re.DOTALL):
        snippets += block.split("&&")
    groups = {p.split()[1] for p in known if p.startswith("orchestrate ") and len(p.split()) > 2}
    usages: dict[str, set[str]] = {}
    for snippet in snippets:
        words = _words(snippet)
        if words and words[0] in groups:
            words = ["orchestrate", *words]
        if len(words) < 2 or words[0] not in APPS:
            continue  # prose naming a console script is no usage
        path = resolve(words, known)
        assert path is not None, f"the README shows {snippet!r}, which is no command"
        usages.setdefault(path, set()).update(w for w in words if w.startswith("--"))
    return usages


def _words(snippet: str) -> list[str]:
    cleaned = re.sub(r"[\[\]]|\.\.\.|\\\|", " ", snippet.strip())
    try:
        words = shlex.split(cleaned)
    except ValueError:
        words = cleaned.split()
    return [w.split("=")[0] if w.startswith("--") else w for w in words]
