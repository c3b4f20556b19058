"""docker-compose services, read from the YAML node tree so each keeps its line.

``environment`` may be a mapping or a list of ``KEY=value``; ``depends_on`` a list or a
mapping; ``env_file`` a string or a list; ``build`` a string or a mapping (its
``context`` is reported, with ``dockerfile`` when given). Merge keys (``<<: *base``)
are honoured. This module, and PyYAML with it, is loaded with the first compose file the
index parses (`orchestrator.index.files.file_facts`).

The variables a compose file sets or reads (`compose_variables`): each service's
``environment`` entry, and each ``${NAME}`` interpolation in any value, which compose
fills from the shell or the ``.env`` beside the file: ``${NAME:?message}`` (or ``?``) is
required, ``${NAME:-default}`` (or ``-``) has a default, ``$$`` is a literal dollar.
Comments are not values, so an interpolation in a comment is not read.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from orchestrator.index.facts import EnvVar, Service
from project_state.nesting import compose_yaml, yaml_problem_place

_Found = dict[tuple[str, int], EnvVar]  # (name, line) -> the variable found there
_INTERPOLATION = re.compile(
    r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))"
)


class ComposeError(ValueError):
    """A compose file that is not valid YAML or not a compose document."""


def parse_compose(text: str, file: str) -> list[Service]:
    return parse_compose_file(text, file)[0]


def parse_compose_file(text: str, file: str) -> tuple[list[Service], list[EnvVar]]:
    """The services of a compose file and the variables it sets or reads."""
    root = _root(text)
    services = _mapping(root).get("services")
    found = [] if services is None else [_service(k, n, file) for k, n in _pairs(services)]
    return found, compose_variables(root, file)


def _root(text: str) -> Any:
    try:
        root = compose_yaml(text)
    except yaml.YAMLError as exc:
        place = yaml_problem_place(exc)
        where = f" at line {place[0]}" if place is not None else ""
        raise ComposeError(f"invalid YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    return root


def compose_variables(root: Any, file: str) -> list[EnvVar]:
    """Environment entries and interpolations, one per name and line, in line order."""
    found: _Found = {}
    services = _mapping(root).get("services")
    named = {id(n): str(k.value) for k, n in _pairs(services)} if services is not None else {}
    for key, node in _pairs(services) if services is not None else []:
        _entries(_mapping(node).get("environment"), str(key.value), file, found)
    _interpolations(root, named, file, found)
    return sorted(found.values(), key=lambda v: (v.line, v.name))


def _entries(node: Any, service: str, file: str, found: _Found) -> None:
    """``environment`` entries: a mapping, or a list of ``NAME=value`` (``NAME`` alone)."""
    if node is None:
        return
    if _is_mapping(node):
        items = [(str(k.value), _scalar(v), k.start_mark.line + 1) for k, v in _pairs(node)]
    else:
        items = []
        for item in _sequence(node):
            name, sep, value = str(_value(item)).partition("=")
            items.append((name, value if sep else None, item.start_mark.line + 1))
    for name, value, line in items:
        if value is not None and _passes_through(name, value):
            continue  # ``NAME: ${NAME:?...}``: the interpolation says all there is
        comment = "taken from the environment compose runs in" if value is None else None
        found[(name, line)] = EnvVar(
            name, value or "", comment, file, line, "compose", False, service
        )


def _passes_through(name: str, value: str) -> bool:
    match = _INTERPOLATION.fullmatch(value.strip())
    return match is not None and (match.group(1) or match.group(4)) == name


def _interpolations(root: Any, named: dict[int, str], file: str, found: _Found) -> None:
    """Every scalar of the file (keys too), with the service it sits in, if any."""
    stack: list[tuple[Any, str | None]] = [(root, None)]
    seen: set[tuple[int, str | None]] = set()
    while stack:
        current, context = stack.pop()
        if current is None or (id(current), context) in seen:
            continue
        seen.add((id(current), context))
        context = named.get(id(current), context)
        if _is_scalar(current):
            _scan(str(current.value), current.start_mark.line + 1, context, file, found)
        elif _is_mapping(current):
            stack.extend((part, context) for pair in current.value for part in pair)
        else:
            stack.extend((item, context) for item in current.value)


def _scan(text: str, line: int, service: str | None, file: str, found: _Found) -> None:
    for match in _INTERPOLATION.finditer(text.replace("$$", "")):
        name = match.group(1) or match.group(4)
        operator, argument = match.group(2) or "", match.group(3) or ""
        required = "?" in operator
        default = argument if operator.endswith("-") else ""
        comment = (argument or "required") if required else None
        known = found.get((name, line))
        if known is not None and (known.required or not required):
            continue  # the same name twice on a line: keep the one that says more
        found[(name, line)] = EnvVar(
            name, default, comment, file, line, "compose", required, service
        )


def _service(key: Any, node: Any, file: str) -> Service:
    body = _mapping(node)
    return Service(
        name=str(key.value),
        file=file,
        line=key.start_mark.line + 1,
        image=_scalar(body.get("image")),
        build=_build(body.get("build")),
        ports=[str(_value(p)) for p in _sequence(body.get("ports"))],
        environment=_environment(body.get("environment")),
        env_file=_strings(body.get("env_file")),
        depends_on=_names(body.get("depends_on")),
    )


def _build(node: Any) -> str | None:
    if node is None or _is_scalar(node):
        return _scalar(node)
    body = _mapping(node)
    context = _scalar(body.get("context")) or "."
    dockerfile = _scalar(body.get("dockerfile"))
    return f"{context} ({dockerfile})" if dockerfile else context


def _environment(node: Any) -> dict[str, str | None]:
    if node is None:
        return {}
    if _is_mapping(node):
        return {str(k.value): _scalar(v) for k, v in _pairs(node)}
    environment: dict[str, str | None] = {}
    for item in _sequence(node):
        name, sep, value = str(_value(item)).partition("=")
        environment[name] = value if sep else None
    return environment


def _names(node: Any) -> list[str]:
    if node is None:
        return []
    if _is_mapping(node):
        return [str(k.value) for k, _ in _pairs(node)]
    return [str(_value(n)) for n in _sequence(node)]


def _strings(node: Any) -> list[str]:
    if node is None:
        return []
    if _is_scalar(node):
        return [str(node.value)]
    return [
        str(_value(n)) if _is_scalar(n) else _scalar(_mapping(n).get("path")) or ""
        for n in _sequence(node)
    ]


def _pairs(node: Any) -> list[tuple[Any, Any]]:
    if not _is_mapping(node):
        raise ComposeError(f"line {node.start_mark.line + 1}: expected a mapping")
    pairs: list[tuple[Any, Any]] = []
    for key, value in node.value:
        if key.value == "<<":
            merged = value.value if not _is_mapping(value) else [value]
            for base in merged:
                pairs = [*_pairs(base), *pairs]
        else:
            pairs.append((key, value))
    return pairs


def _mapping(node: Any) -> dict[str, Any]:
    if node is None or not _is_mapping(node):
        return {}
    return {str(k.value): v for k, v in _pairs(node)}


def _sequence(node: Any) -> list[Any]:
    if node is None:
        return []
    return list(node.value) if not _is_scalar(node) and not _is_mapping(node) else [node]


def _scalar(node: Any) -> str | None:
    if node is None or not _is_scalar(node) or node.tag.endswith(":null"):
        return None
    return str(node.value)


def _value(node: Any) -> Any:
    if _is_scalar(node):
        return node.value
    if _is_mapping(node):  # long port syntax: {target: 80, published: 8080}
        body = _mapping(node)
        published, target = _scalar(body.get("published")), _scalar(body.get("target"))
        return f"{published}:{target}" if published else str(target)
    return str(node.value)


def _is_scalar(node: Any) -> bool:
    return type(node).__name__ == "ScalarNode"


def _is_mapping(node: Any) -> bool:
    return type(node).__name__ == "MappingNode"
