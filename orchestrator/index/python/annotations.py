"""Python type annotations, kept as text, read back when a question needs their meaning.

`shape_of` follows the JSON Schema pydantic emits, written as a `facts.Shape`:
``str``, ``datetime``, ``date``, ``UUID``, ``EmailStr``, URLs, ``Decimal``… are strings
(pydantic serialises ``Decimal`` as a string; TypeScript code commonly types it
``number``, so the comparison accepts either), ``int`` and ``float`` are numbers,
``list``/``set``/``tuple`` are arrays, ``dict`` is a record, ``Literal[...]`` is a union of
literals, ``X | None`` adds null, and any other name is a reference by that name.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from orchestrator.index.facts import Shape, union_shape

_STRINGS = frozenset(
    {
        "str",
        "datetime",
        "date",
        "time",
        "timedelta",
        "UUID",
        "UUID1",
        "UUID4",
        "EmailStr",
        "NameEmail",
        "HttpUrl",
        "AnyUrl",
        "AnyHttpUrl",
        "Url",
        "SecretStr",
        "bytes",
        "Path",
        "IPvAnyAddress",
        "constr",
        "AwareDatetime",
        "NaiveDatetime",
        "PastDate",
        "FutureDate",
        "Json",
        "Base64Str",
        "PastDatetime",
        "FutureDatetime",
    }
)
_NUMBERS = frozenset(
    {
        "int",
        "float",
        "conint",
        "confloat",
        "PositiveInt",
        "NonNegativeInt",
        "PositiveFloat",
        "NonNegativeFloat",
        "NegativeInt",
        "NegativeFloat",
        "StrictInt",
        "StrictFloat",
    }
)
_DECIMALS = frozenset({"Decimal", "condecimal"})
_BOOLEANS = frozenset({"bool", "StrictBool"})
_ANY = frozenset({"Any", "object"})
_ARRAYS = frozenset(
    {
        "list",
        "List",
        "set",
        "Set",
        "frozenset",
        "FrozenSet",
        "tuple",
        "Tuple",
        "Sequence",
        "Iterable",
        "conlist",
        "conset",
    }
)
_RECORDS = frozenset({"dict", "Dict", "Mapping", "MutableMapping"})
_UNWRAP = frozenset({"Annotated", "Mapped", "Required", "NotRequired", "ReadOnly", "Final"})
_NONE_TEXT = re.compile(r"(^|[\[\s|,])(None|Optional\[)")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def admits_none(annotation: str | None) -> bool:
    """``X | None``, ``Optional[X]``, ``Union[X, None]``: the value may be null."""
    return bool(annotation) and bool(_NONE_TEXT.search(annotation or ""))


def mapped_inner(annotation: str | None) -> str | None:
    """``Mapped[Optional[str]]`` -> ``Optional[str]``; other annotations unchanged."""
    if annotation is None or not annotation.endswith("]"):
        return annotation
    for wrapper in ("Mapped[", "WriteOnlyMapped[", "DynamicMapped["):
        if annotation.startswith(wrapper):
            return annotation[len(wrapper) : -1].strip()
    return annotation


def literal(text: str | None) -> Any:
    """The Python value of a literal's source text, or the text itself."""
    if text is None:
        return None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return text


def class_names(annotation: str | None, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised names in a type's text, quotes included: ``list["Post"]`` -> Post."""
    names = _IDENTIFIER.findall(annotation or "")
    return [n for n in names if n[:1].isupper() and n not in ignore]


def shape_of(annotation: str | None) -> Shape:
    if not annotation:
        return ["any"]
    try:
        node = ast.parse(annotation.strip(), mode="eval").body
    except SyntaxError:
        return ["any"]
    return _shape(node)


def _shape(node: ast.expr) -> Shape:
    if isinstance(node, ast.Constant):
        return _constant_shape(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return union_shape([_shape(node.left), _shape(node.right)])
    if isinstance(node, ast.Subscript):
        return _subscript_shape(node)
    name = _name(node)
    return _name_shape(name) if name else ["any"]


def _constant_shape(value: object) -> Shape:
    if value is None:
        return ["null"]
    if isinstance(value, str):  # a forward reference: "User"
        return shape_of(value) if value.strip() else ["any"]
    return ["any"]


def _subscript_shape(node: ast.Subscript) -> Shape:
    name = _name(node.value) or ""
    args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    if name in _UNWRAP:
        return _shape(args[0])
    if name == "Optional":
        return union_shape([_shape(args[0]), ["null"]])
    if name == "Union":
        return union_shape([_shape(a) for a in args])
    if name == "Literal":
        return union_shape(
            [["lit", a.value] if isinstance(a, ast.Constant) else ["any"] for a in args]
        )
    if name in _ARRAYS:
        items = [a for a in args if not (isinstance(a, ast.Constant) and a.value is Ellipsis)]
        return ["array", union_shape([_shape(a) for a in items]) if items else ["any"]]
    if name in _RECORDS:
        return ["record", _shape(args[-1])]
    return _name_shape(name)


def _name_shape(name: str) -> Shape:
    if name in _STRINGS:
        return ["string"]
    if name in _NUMBERS:
        return ["number"]
    if name in _DECIMALS:
        return ["union", [["string"], ["number"]]]
    if name in _BOOLEANS:
        return ["boolean"]
    if name in _ANY:
        return ["any"]
    if name in _ARRAYS:
        return ["array", ["any"]]
    if name in _RECORDS:
        return ["record", ["any"]]
    if name == "None":
        return ["null"]
    return ["ref", name]


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
