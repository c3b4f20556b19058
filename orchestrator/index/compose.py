"""docker-compose services, read from the YAML node tree so each keeps its line.

``environment`` may be a mapping or a list of ``KEY=value``; ``depends_on`` a list or a
mapping; ``env_file`` a string or a list; ``build`` a string or a mapping (its
``context`` is reported, with ``dockerfile`` when given). Merge keys (``<<: *base``)
are honoured. PyYAML is imported only when a compose file is parsed.
"""

from __future__ import annotations

from typing import Any

from orchestrator.index.facts import Service


class ComposeError(ValueError):
    """A compose file that is not valid YAML or not a compose document."""


def parse_compose(text: str, file: str) -> list[Service]:
    import yaml

    from orchestrator.nesting import compose_yaml

    try:
        root = compose_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ComposeError(f"invalid YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    services = _mapping(root).get("services")
    if services is None:
        return []
    return [_service(key, node, file) for key, node in _pairs(services)]


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
