"""TypeScript interfaces, type aliases and enums, read with tree-sitter's grammar.

This module, and tree-sitter with it, is loaded with the first TypeScript file the index
parses (`orchestrator.index.files.file_facts`), never when it starts. Declarations at the top of a file (exported, ``export default``, ``declare``) are
read; a declaration that contains a syntax error is left out and the file is reported.
Lines are 1-based and shifted by ``line_offset`` for script blocks of ``.vue`` files.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import tree_sitter
import tree_sitter_typescript

from orchestrator.index.facts import ClientCall, Shape, TsProperty, TsType, union_shape
from orchestrator.index.typescript.client_calls import client_calls

_DECLARATIONS = ("interface_declaration", "type_alias_declaration", "enum_declaration")
_WRAPPERS = ("export_statement", "ambient_declaration")
_PREDEFINED = {
    "string": ["string"],
    "number": ["number"],
    "bigint": ["number"],
    "boolean": ["boolean"],
    "any": ["any"],
    "unknown": ["any"],
    "object": ["object"],
    "null": ["null"],
    "undefined": ["undefined"],
    "void": ["undefined"],
    "never": ["any"],
    "symbol": ["any"],
}
_UNWRAP_GENERICS = ("Partial", "Readonly", "Required", "Promise", "NonNullable")


@cache
def _language(tsx: bool) -> Any:
    language = (
        tree_sitter_typescript.language_tsx()
        if tsx
        else tree_sitter_typescript.language_typescript()
    )
    return tree_sitter.Language(language)


@cache
def script_parser(tsx: bool) -> Any:
    """The tree-sitter parser of TypeScript, or of TSX, made once."""
    return tree_sitter.Parser(_language(tsx))


def parse_typescript(
    source: bytes, file: str, *, line_offset: int = 0, tsx: bool = False
) -> tuple[list[TsType], str | None, list[ClientCall]]:
    """The declarations of one file or script block, a syntax error's description, and the
    backend calls it makes (`client_calls`)."""
    root = script_parser(tsx).parse(source).root_node
    types: list[TsType] = []
    for node in _declarations(root):
        if not node.has_error:
            types.append(_declaration(node, file, line_offset))
    error = _first_error(root) if root.has_error else None
    calls = client_calls(root, source, file, _language(tsx), line_offset)
    described = f"TypeScript syntax error at line {error + line_offset}" if error else None
    return types, described, calls


def _declarations(root: Any) -> list[Any]:
    found = []
    for node in root.named_children:
        if node.type in _WRAPPERS:
            found.extend(c for c in node.named_children if c.type in _DECLARATIONS)
        elif node.type in _DECLARATIONS:
            found.append(node)
    return found


def _declaration(node: Any, file: str, offset: int) -> TsType:
    exported = node.parent is not None and node.parent.type == "export_statement"
    name = _text(node.child_by_field_name("name"))
    line = node.start_point.row + 1 + offset
    declared = TsType(name, "interface", file, line, exported, [], [], None, None)
    if node.type == "interface_declaration":
        _read_interface(declared, node, offset)
    elif node.type == "enum_declaration":
        declared.kind, declared.shape = "enum", _enum_shape(node)
        declared.alias = declared.shape and _shape_text(declared.shape)
    else:
        declared.kind = "type"
        _read_alias(declared, node.child_by_field_name("value"), offset)
    return declared


def _read_interface(declared: TsType, node: Any, offset: int) -> None:
    for child in node.named_children:
        if child.type == "extends_type_clause":
            declared.extends.extend(_type_name(t) for t in child.children_by_field_name("type"))
    body = node.child_by_field_name("body")
    if body is not None:
        declared.properties.extend(_properties(body, declared, offset))


def _read_alias(declared: TsType, value: Any, offset: int) -> None:
    if value is None:
        return
    if value.type == "object_type":
        declared.properties.extend(_properties(value, declared, offset))
    elif value.type == "intersection_type":
        for part in _flatten(value, "intersection_type"):
            if part.type == "object_type":
                declared.properties.extend(_properties(part, declared, offset))
            else:
                declared.extends.append(_type_name(part))
    else:
        declared.alias, declared.shape = _text(value), shape(value)


def _properties(body: Any, owner: TsType, offset: int) -> list[TsProperty]:
    properties = []
    for member in body.named_children:
        if member.type != "property_signature":
            continue
        annotation = member.child_by_field_name("type")
        type_node = (
            annotation.named_children[0] if annotation and annotation.named_children else None
        )
        properties.append(
            TsProperty(
                name=_property_name(member.child_by_field_name("name")),
                type=_text(type_node) if type_node is not None else "any",
                shape=shape(type_node) if type_node is not None else ["any"],
                optional=any(c.type == "?" for c in member.children),
                readonly=any(c.type == "readonly" for c in member.children),
                file=owner.file,
                line=member.start_point.row + 1 + offset,
                inherited_from=None,
            )
        )
    return properties


def shape(node: Any) -> Shape:
    """What a type node looks like on the wire, as a `facts.Shape`."""
    kind = node.type
    if kind == "predefined_type":
        return list(_PREDEFINED.get(_text(node), ["any"]))
    if kind == "literal_type":
        return _literal_shape(node.named_children[0] if node.named_children else node)
    if kind == "union_type":
        return union_shape([shape(part) for part in _flatten(node, "union_type")])
    if kind in ("parenthesized_type", "readonly_type"):
        return shape(node.named_children[-1])
    if kind == "array_type":
        return ["array", shape(node.named_children[0])]
    if kind == "tuple_type":
        return ["array", ["any"]]
    if kind == "object_type":
        return ["object"]
    if kind in ("type_identifier", "nested_type_identifier"):
        return ["ref", _type_name(node)]
    if kind == "generic_type":
        return _generic_shape(node)
    return ["any"]


def _generic_shape(node: Any) -> Shape:
    name = _type_name(node)
    arguments = node.child_by_field_name("type_arguments")
    args = arguments.named_children if arguments is not None else []
    if name in ("Array", "ReadonlyArray", "Set") and args:
        return ["array", shape(args[0])]
    if name == "Record" and args:
        return ["record", shape(args[-1])]
    if name in _UNWRAP_GENERICS and args:
        return shape(args[0])
    return ["ref", name]


def _literal_shape(node: Any) -> Shape:
    if node.type in ("null", "undefined"):
        return [node.type]
    if node.type in ("true", "false"):
        return ["lit", node.type == "true"]
    if node.type == "string":
        return ["lit", _text(node)[1:-1]]
    text = _text(node)
    try:
        return ["lit", float(text) if "." in text else int(text)]
    except ValueError:
        return ["any"]


def _enum_shape(node: Any) -> Shape:
    body = node.child_by_field_name("body")
    values: list[Shape] = []
    for index, member in enumerate(body.named_children if body is not None else []):
        value = member.child_by_field_name("value") if member.type == "enum_assignment" else None
        values.append(_literal_shape(value) if value is not None else ["lit", index])
    return union_shape(values) if values else ["any"]


def _flatten(node: Any, kind: str) -> list[Any]:
    """The members of a chain of `kind` nodes, in source order. Iterative: the parser nests
    a union of n members n deep, and generated clients write unions of thousands."""
    parts: list[Any] = []
    pending = [node]
    while pending:
        current = pending.pop()
        if current.type == kind:
            pending.extend(reversed(current.named_children))
        else:
            parts.append(current)
    return parts


def _type_name(node: Any) -> str:
    if node.type == "generic_type":
        return _type_name(node.child_by_field_name("name"))
    if node.type == "nested_type_identifier":
        return _text(node).rpartition(".")[2]
    return _text(node)


def _property_name(node: Any) -> str:
    text = _text(node)
    return text[1:-1] if node is not None and node.type == "string" else text


def _shape_text(value: Shape) -> str:
    if value[0] == "union":
        return " | ".join(_shape_text(v) for v in value[1])
    if value[0] == "lit":
        return repr(value[1]) if isinstance(value[1], str) else str(value[1]).lower()
    return str(value[-1])


def _first_error(root: Any) -> int | None:
    cursor = [root]
    while cursor:
        node = cursor.pop()
        if (node.is_error or node.is_missing) and not _bare_ampersand(node):
            return node.start_point.row + 1
        if node.has_error:
            cursor.extend(reversed(node.children))
    return None


def _bare_ampersand(node: Any) -> bool:
    """``<p>Cats & dogs</p>``: valid TSX that the grammar reads as an unfinished ``&amp;``.
    It sits in a component's text, where no declaration or backend call is."""
    parent = node.parent
    return (
        node.is_error
        and parent is not None
        and parent.type in ("jsx_element", "jsx_fragment")
        and (node.text or b"").startswith(b"&")
    )


def _text(node: Any) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")
