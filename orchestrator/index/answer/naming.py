"""Names of types reduced to what they describe: an entity and a role.

``UserResponse``, ``UserOut``, ``UserRead``, ``UserPublic`` and ``User`` are all
``("user", "read")``; ``UserCreate``, ``CreateUserRequest``, ``NewUser`` and ``UserIn`` are
``("user", "write")``; ``UserUpdate``, ``UpdateUserRequest`` and ``UserPatch`` are
``("user", "update")``; ``UserPage``, ``UserList`` and ``PaginatedUsers`` are
``("user", "list")``. Words that only say "this is a type" (``Schema``, ``Model``,
``Dto``, ``Base``, a leading ``I`` of ``IUser``) are dropped, and a trailing plural ``s``.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b|_)|[A-Z]?[a-z]+|\d+|[A-Z]+")
_ROLES = {
    "update": "update",
    "patch": "update",
    "edit": "update",
    "create": "write",
    "new": "write",
    "in": "write",
    "input": "write",
    "request": "write",
    "payload": "write",
    "body": "write",
    "form": "write",
    "page": "list",
    "list": "list",
    "paginated": "list",
    "collection": "list",
    "response": "read",
    "out": "read",
    "read": "read",
    "public": "read",
    "detail": "read",
    "output": "read",
    "view": "read",
}
_PRIORITY = ("update", "write", "list", "read")
_NOISE = frozenset({"schema", "model", "dto", "data", "type", "interface", "base", "entity"})


def words(name: str) -> list[str]:
    """``CreateUserRequest`` -> ``["create", "user", "request"]``; ``user_id`` too."""
    parts = [w.lower() for chunk in name.split("_") for w in _WORD.findall(chunk)]
    if len(name) > 1 and name[0] == "I" and name[1].isupper() and parts and parts[0] == "i":
        parts = parts[1:]
    return parts


def type_key(name: str) -> tuple[str, str]:
    """The (entity, role) a type name stands for."""
    found = words(name)
    roles = {_ROLES[w] for w in found if w in _ROLES}
    role = next((r for r in _PRIORITY if r in roles), "read")
    entity = "".join(w for w in found if w not in _ROLES and w not in _NOISE)
    if len(entity) > 3 and entity.endswith("s") and not entity.endswith("ss"):
        entity = entity[:-1]
    return entity or name.lower(), role


def singular(word: str) -> str:
    """``users`` -> ``user``, ``categories`` -> ``category``; used to match resources."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def to_camel(name: str) -> str:
    """The JSON name pydantic's ``alias_generator=to_camel`` gives a field: pydantic's own
    function, so that ``HTTP_code`` is ``httpCode`` here exactly as on the wire."""
    from pydantic.alias_generators import to_camel as pydantic_to_camel  # lazy: ~30 ms

    return pydantic_to_camel(name)


def to_pascal(name: str) -> str:
    """The JSON name under ``alias_generator=to_pascal``, by pydantic's own function."""
    from pydantic.alias_generators import to_pascal as pydantic_to_pascal  # lazy: ~30 ms

    return pydantic_to_pascal(name)
