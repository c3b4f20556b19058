"""The backend calls a frontend makes, read from its TypeScript: which URL, which method,
which types it expects back and sends.

Read, in any function of a ``.ts``/``.tsx`` file or a ``.vue`` script:

* ``client.get<T>(url, ...)`` and ``.delete``/``.head``; ``client.post<T>(url, data, ...)``
  and ``.put``/``.patch`` (axios, an axios instance, ``ky``-like clients, a generated
  client's ``.get<T>({url: "/x"})``);
* ``$fetch<T>(url, {method, body})``, ``ofetch``, ``useFetch<T>`` and ``fetch(url,
  {method, body})``: the method from the options, GET without one.

The URL is a string, a template string or a concatenation whose literal parts give the
path: a leading ``${apiUrl}`` (a base URL) is dropped, every other ``${...}`` becomes a path
parameter ``{}``, a query string is cut. A first argument with no ``/`` in it is no URL
(``map.get(key)``). ``T`` is the first type argument as written (``IUser[]``); the body's
type is the declared type of the parameter of the enclosing function that is passed
(``data: IUserUpdate``). Nothing else is inferred.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import tree_sitter

from orchestrator.index.facts import ClientCall

# ``await f<T>(…)`` parses with the await around the callee, hence its two extra shapes.
_QUERY = """
(call_expression
  function: [
    (member_expression property: (property_identifier) @verb)
    (identifier) @fn
    (await_expression (member_expression property: (property_identifier) @verb))
    (await_expression (identifier) @fn)
  ]
  arguments: (arguments) @args) @call
"""
_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head"})
_WITH_BODY = frozenset({"post", "put", "patch"})
_FETCHES = frozenset({"$fetch", "ofetch", "useFetch", "fetch", "useLazyFetch"})
# Searched in the lowercased source: as fast again as a case-insensitive search.
_MAYBE_CALLS = re.compile(rb"\.(?:get|post|put|patch|delete|head)\s*[<(]|fetch\s*[<(]")
_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
    }
)


@cache
def _query(language: Any) -> Any:
    return tree_sitter.Query(language, _QUERY)


def client_calls(
    root: Any, source: bytes, file: str, language: Any, offset: int
) -> list[ClientCall]:
    """Every backend call in a parsed tree; cheap when the source has none."""
    if not _MAYBE_CALLS.search(source.lower()):
        return []
    found = []
    for _, match in tree_sitter.QueryCursor(_query(language)).matches(root):
        call = _call(match, file, offset)
        if call is not None:
            found.append(call)
    return found


def _call(match: dict[str, list[Any]], file: str, offset: int) -> ClientCall | None:
    node, args = match["call"][0], match["args"][0].named_children
    if not args:
        return None
    if "verb" in match:
        verb = _text(match["verb"][0])
        if verb not in _VERBS:
            return None
        url, body = _url(args[0]), (args[1] if verb in _WITH_BODY and len(args) > 1 else None)
        if url is None and args[0].type == "object":  # a generated client: ``get({url})``
            url, body = _url(_property(args[0], "url")), _property(args[0], "body")
        method = verb.upper()
    elif _text(match["fn"][0]) in _FETCHES:
        url = _url(args[0])
        options = args[1] if len(args) > 1 and args[1].type == "object" else None
        method = (_string(_property(options, "method")) or "GET").upper()
        body = _property(options, "body")
    else:
        return None
    if url is None:
        return None
    line = node.start_point.row + 1 + offset
    return ClientCall(method, url, _response_type(node), _body_type(body, node), file, line)


def _url(node: Any) -> str | None:
    """The path a URL expression names, or None when it is no URL."""
    if node is None:
        return None
    parts = _url_parts(node)
    if parts is None:
        return None
    while parts and parts[0] == "{}":  # a base URL such as ``${apiUrl}``
        parts.pop(0)
    path = "".join(parts).split("?", 1)[0]
    if "/" not in path:
        return None
    return path if path.startswith("/") else "/" + path


def _url_parts(node: Any) -> list[str] | None:
    kind = node.type
    if kind == "string":
        return ["".join(_text(c) for c in node.named_children)]
    if kind == "template_string":
        return [
            "{}" if c.type == "template_substitution" else _text(c) for c in node.named_children
        ]
    if kind == "binary_expression":
        left = _url_parts(node.child_by_field_name("left"))
        right = _url_parts(node.child_by_field_name("right"))
        return None if left is None or right is None else left + right
    if kind in ("identifier", "member_expression", "call_expression"):
        return ["{}"]
    return None


def _property(obj: Any, name: str) -> Any:
    if obj is None or obj.type != "object":
        return None
    for pair in obj.named_children:
        if pair.type == "pair" and _text(pair.child_by_field_name("key")) == name:
            return pair.child_by_field_name("value")
        if pair.type == "shorthand_property_identifier" and _text(pair) == name:
            return pair
    return None


def _string(node: Any) -> str | None:
    return (
        "".join(_text(c) for c in node.named_children)
        if node is not None and node.type == "string"
        else None
    )


def _response_type(call: Any) -> str | None:
    arguments = call.child_by_field_name("type_arguments")
    if arguments is None or not arguments.named_children:
        return None
    return _text(arguments.named_children[0])


def _body_type(body: Any, call: Any) -> str | None:
    """The declared type of the enclosing function's parameter passed as the body."""
    if body is None:
        return None
    if body.type == "as_expression":  # ``data as UserCreate``
        return _text(body.named_children[-1])
    if body.type not in ("identifier", "shorthand_property_identifier"):
        return None
    name, scope = _text(body), call.parent
    while scope is not None:
        if scope.type in _FUNCTIONS:
            declared = _parameter_type(scope, name)
            if declared is not None:
                return declared
        scope = scope.parent
    return None


def _parameter_type(function: Any, name: str) -> str | None:
    parameters = function.child_by_field_name("parameters")
    for parameter in parameters.named_children if parameters is not None else []:
        pattern = parameter.child_by_field_name("pattern")
        annotation = parameter.child_by_field_name("type")
        if pattern is not None and _text(pattern) == name and annotation is not None:
            return _text(annotation.named_children[0]) if annotation.named_children else None
    return None


def _text(node: Any) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")
