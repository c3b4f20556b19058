"""Reading a versioned JSON state file: parse, check the version, migrate, validate.

Each file kind declares a `FileFormat`: its pydantic model and an ordered tuple of
migrations, where ``migrations[i]`` turns a version-``i`` document into version ``i + 1``.
A file without a ``version`` key is the legacy version 0. The current version is therefore
``len(migrations)``. Migration happens in memory only; the file is rewritten in the new
format the next time a mutation saves it, and never when it failed to load.

Errors point at the place: JSON syntax errors at ``file:line:column``, schema errors at the
key path (``tasks[3].status``) and, best effort, the line and column of the offending value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from project_state.errors import MISSING_HINT, StateFileError, UnknownVersionError
from project_state.input_problems import describe_error
from project_state.json_position import format_key_path, value_position
from project_state.nesting import TOO_DEEP, json_too_deep_at

ModelT = TypeVar("ModelT", bound=BaseModel)
Document = dict[str, Any]
Migration = Callable[[Document], Document]

UPGRADE_HINT = "upgrade stackcrew to read this file; it was left untouched"


@dataclass(frozen=True)
class FileFormat(Generic[ModelT]):
    """One kind of state file: its schema, how older versions migrate, and how to repair it."""

    model: type[ModelT]
    migrations: tuple[Migration, ...]
    repair_hint: str

    @property
    def version(self) -> int:
        return len(self.migrations)


def load_file(path: Path, shown: str, fmt: FileFormat[ModelT]) -> ModelT:
    """Read `path` (shown in messages as `shown`) into `fmt.model`, migrating old versions."""
    raw = _read_bytes(path, shown)
    current = _as_current_version(raw, fmt)
    if current is not None:
        return current
    text = _decode(raw, shown, fmt.repair_hint)
    document = _parse(text, shown, fmt.repair_hint)
    version = _version_of(document, text, shown, fmt)
    return _validate(_migrate(document, version, fmt), text, shown, fmt)


def first_repeated(values: Sequence[Hashable]) -> Hashable | None:
    """The first of `values` that comes again, or None (a file's ids must be unique)."""
    if len(set(values)) == len(values):  # no Python step per value: sprints are big
        return None
    seen: set[Hashable] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def json_syntax_error(
    exc: json.JSONDecodeError, shown: str, hint: str, *, first_line: int = 1
) -> StateFileError:
    """A `StateFileError` at the place `json` gave up; `first_line` offsets a fragment."""
    return StateFileError(
        shown,
        f"invalid JSON: {exc.msg}",
        line=exc.lineno + first_line - 1,
        column=exc.colno,
        hint=hint,
    )


def refuse_deep_json(text: str, shown: str, hint: str, *, first_line: int = 1) -> None:
    """Stop before parsing JSON nested so deep that reading it would exhaust the stack."""
    place = json_too_deep_at(text)
    if place is not None:
        line, column = place
        raise StateFileError(shown, TOO_DEEP, line=line + first_line - 1, column=column, hint=hint)


def schema_error(
    exc: ValidationError, text: str, shown: str, hint: str, *, first_line: int = 1
) -> StateFileError:
    """A `StateFileError` naming the key path of the first problem and where its value is."""
    errors = exc.errors(include_url=False)
    line, column = value_position(text, errors[0]["loc"])
    problem = describe_error(errors[0])
    if len(errors) > 1:
        others = ", ".join(format_key_path(err["loc"]) for err in errors[1:4])
        more = "…" if len(errors) > 4 else ""
        problem += f" (also wrong: {others}{more})"
    return StateFileError(shown, problem, line=line + first_line - 1, column=column, hint=hint)


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StateFileError(shown, "file does not exist", hint=MISSING_HINT) from None
    except OSError as exc:
        raise StateFileError(shown, f"cannot read the file ({exc.strerror})") from exc


def _as_current_version(raw: bytes, fmt: FileFormat[ModelT]) -> ModelT | None:
    """The fast path: a file already in the current version validates straight from bytes."""
    try:
        model = fmt.model.model_validate_json(raw)
    except ValidationError:
        return None
    return model if "version" in model.model_fields_set else None


def _decode(raw: bytes, shown: str, hint: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise StateFileError(
            shown, "the file is not UTF-8 text", line=line, column=column, hint=hint
        ) from exc


def _parse(text: str, shown: str, hint: str) -> Document:
    if not text.strip():
        raise StateFileError(shown, "the file is empty; expected a JSON object", hint=hint)
    refuse_deep_json(text, shown, hint)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise json_syntax_error(exc, shown, hint) from exc
    if not isinstance(document, dict):
        line, column = value_position(text, ())
        raise StateFileError(
            shown, "expected a JSON object at the top level", line=line, column=column, hint=hint
        )
    return document


def _version_of(document: Document, text: str, shown: str, fmt: FileFormat[ModelT]) -> int:
    version = document.get("version", 0)
    line, column = value_position(text, ("version",)) if "version" in document else (None, None)
    if type(version) is not int or version < 0:
        raise StateFileError(
            shown,
            f"`version` must be a whole number from 0 to {fmt.version}, got {version!r}",
            line=line,
            column=column,
            hint=fmt.repair_hint,
        )
    if version > fmt.version:
        raise UnknownVersionError(
            shown,
            f"format version {version} is newer than this stackcrew reads "
            f"(up to version {fmt.version})",
            line=line,
            column=column,
            hint=UPGRADE_HINT,
        )
    return version


def _migrate(document: Document, version: int, fmt: FileFormat[ModelT]) -> Document:
    for step in range(version, fmt.version):
        document = fmt.migrations[step](document)
        document["version"] = step + 1
    return document


def _validate(document: Document, text: str, shown: str, fmt: FileFormat[ModelT]) -> ModelT:
    try:
        return fmt.model.model_validate(document)
    except ValidationError as exc:
        raise schema_error(exc, text, shown, fmt.repair_hint) from exc
