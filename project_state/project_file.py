"""`project.json`: the project's name and its issues. This module is the file's only reader
and writer."""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from typing import Annotated, Any, Literal, NotRequired

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)
from typing_extensions import TypedDict

from project_state.atomic import write_atomic
from project_state.clock import UtcDateTime
from project_state.factories import empty_list
from project_state.jsonfile import Document, FileFormat, first_repeated, load_file

FieldType = Literal["str", "text", "int", "float", "bool", "datetime", "date"]
SpecKind = Literal["resource", "field", "health", "infra", "custom"]
IssueStatus = Literal["open", "closed"]
# What the offline recipes turn into module, table and attribute names.
RESOURCE_NAME = r"^[a-z][a-z0-9_]*$"
FIELD_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
DEFAULT_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "text": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "datetime": (str,),
    "date": (str,),
}


def _not_a_keyword(name: str) -> str:
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        raise ValueError(f"{name!r} is a Python keyword; choose another name")
    return name


def _resource_name(name: str | None) -> str | None:
    if name is not None and not re.fullmatch(RESOURCE_NAME, name):
        raise ValueError(
            f"a resource is named singular and snake_case, like 'blog_post'; got {name!r}"
        )
    return name if name is None else _not_a_keyword(name)


class FieldSpec(BaseModel):
    """One field of a resource an issue asks for; keys left at their default are not written."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=FIELD_NAME)
    type: FieldType
    required: bool = True
    default: str | int | float | bool | None = None
    max_length: int | None = Field(default=None, ge=1)
    references: str | None = Field(default=None, pattern=r"^[A-Za-z_]\w*\.[A-Za-z_]\w*$")

    _name_is_not_a_keyword = field_validator("name")(_not_a_keyword)

    @model_validator(mode="after")
    def _default_fits_the_type(self) -> FieldSpec:
        allowed = DEFAULT_TYPES[self.type]
        wrong_bool = isinstance(self.default, bool) and bool not in allowed
        if self.default is not None and (wrong_bool or not isinstance(self.default, allowed)):
            names = " or ".join(t.__name__ for t in allowed)
            raise ValueError(
                f"default of a {self.type} field must be a {names}, got {self.default!r}"
            )
        return self

    @model_serializer(mode="wrap")
    def _without_defaults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        fields = type(self).model_fields
        return {
            key: value
            for key, value in data.items()
            if key in ("name", "type") or value != fields[key].default
        }


class IssueSpec(BaseModel):
    """The machine-readable part of an issue: what kind of change, on which resource."""

    model_config = ConfigDict(extra="forbid")

    kind: SpecKind
    resource: str | None = None
    fields: list[FieldSpec] = Field(default_factory=empty_list)

    _resource_is_snake_case = field_validator("resource")(_resource_name)

    @field_validator("fields")
    @classmethod
    def _field_names_are_unique(cls, fields: list[FieldSpec]) -> list[FieldSpec]:
        names = [f.name for f in fields]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"field names must be unique; given twice: {', '.join(twice)}")
        return fields


class IssueSource(BaseModel):
    """Where a cached issue lives: this copy is refreshed from there, never edited here."""

    model_config = ConfigDict(extra="forbid")

    forge: Literal["github"]
    repo: str = Field(pattern=r"^[\w.-]+/[\w.-]+$")
    url: str
    assignees: list[str] = Field(default_factory=empty_list)  # the forge's users, not agents
    fetched_at: UtcDateTime


class Issue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    title: str = Field(min_length=1)
    body: str = ""
    labels: list[str] = Field(default_factory=empty_list)
    assignee: str | None = None
    status: IssueStatus = "open"
    spec: IssueSpec | None = None
    created_at: UtcDateTime
    closed_at: UtcDateTime | None = None
    source: IssueSource | None = None  # None: the issue lives here, in project.json

    @model_serializer(mode="wrap")
    def _without_source_when_local(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and data.get("source") is None:
            data.pop("source", None)  # a local issue's line is what it always was
        return data


class Project(BaseModel):
    """The whole of `project.json`."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    name: str = Field(min_length=1)
    next_issue: int = Field(ge=1)
    issues: list[Issue]

    @field_validator("issues")
    @classmethod
    def _numbers_are_unique(cls, issues: list[Issue]) -> list[Issue]:
        _refuse_repeated_numbers([issue.number for issue in issues])
        return issues

    @model_validator(mode="after")
    def _next_issue_is_free(self) -> Project:
        _refuse_used_next_issue(self.next_issue, [issue.number for issue in self.issues])
        return self

    def find(self, number: int) -> Issue | None:
        return next((issue for issue in self.issues if issue.number == number), None)


class IssueHead(TypedDict):
    """What a list needs of every issue to choose and count it; the rest is read only for
    the issues shown (`load_listing`)."""

    __pydantic_config__ = ConfigDict(extra="ignore")  # type: ignore[misc]

    number: Annotated[int, Field(ge=1)]
    status: NotRequired[IssueStatus]


class ProjectHeads(BaseModel):
    """`project.json` read for a list: the project as `Project` checks it, each issue by
    its head."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # only a long list needs it

    version: Literal[1]
    name: str = Field(min_length=1)
    next_issue: int = Field(ge=1)
    issues: list[IssueHead]

    @model_validator(mode="after")
    def _numbers_are_unique_and_below_next(self) -> ProjectHeads:
        numbers = [issue["number"] for issue in self.issues]
        _refuse_repeated_numbers(numbers)
        _refuse_used_next_issue(self.next_issue, numbers)
        return self

    def positions_with(self, status: str) -> list[int]:
        """Positions of the issues of `status` ("all": every one), in file order."""
        default = Issue.model_fields["status"].default
        return [
            n
            for n, issue in enumerate(self.issues)
            if status == "all" or issue.get("status", default) == status
        ]


def _refuse_repeated_numbers(numbers: list[int]) -> None:
    repeated = first_repeated(numbers)
    if repeated is not None:
        raise ValueError(f"issue number {repeated} is used twice")


def _refuse_used_next_issue(next_issue: int, numbers: list[int]) -> None:
    highest = max(numbers, default=0)
    if next_issue <= highest:
        raise ValueError(f"next_issue must be above the highest issue number ({highest})")


def _from_legacy(document: Document) -> Document:
    """Version 0 → 1: issues were keyed by ``id`` instead of ``number``, and the file kept
    no ``next_issue`` (it follows the highest number)."""
    migrated = dict(document)
    issues = migrated.setdefault("issues", [])
    if isinstance(issues, list):
        issues = [_legacy_issue(issue) for issue in issues]
        migrated["issues"] = issues
        numbers = [i.get("number") for i in issues if isinstance(i, dict)]
        highest = max((n for n in numbers if type(n) is int), default=0)
        migrated.setdefault("next_issue", highest + 1)
    return migrated


def _legacy_issue(issue: Any) -> Any:
    if not isinstance(issue, dict) or "id" not in issue or "number" in issue:
        return issue
    renamed = {("number" if key == "id" else key): value for key, value in issue.items()}
    return renamed


ISSUE_OPENS, ISSUE_CLOSES = b"\n    {\n", b"\n    }"

PROJECT_FORMAT = FileFormat(
    model=Project,
    migrations=(_from_legacy,),
    repair_hint="fix the file by hand (stackcrew left it untouched), then run the command again",
)


def load_project(path: Path, shown: str) -> Project:
    return load_file(path, shown, PROJECT_FORMAT)


def load_listing(path: Path, status: str, newest: int) -> tuple[list[Issue], int] | None:
    """The `newest` issues of `status` ("all": every one), validated in full, and how many
    issues have that status, with only the shown issues built as models. None when the file
    holds no more than `newest` issues (read it whole: all may be shown), is of another
    version or shape, or is not valid (`load_project` then says why)."""
    try:
        raw = path.read_bytes()
        heads = ProjectHeads.model_validate_json(raw)
    except (OSError, ValidationError):
        return None
    if len(heads.issues) <= newest:
        return None
    chosen = heads.positions_with(status)
    shown = _issues_at(raw, heads, chosen[-newest:])
    return None if shown is None else (shown, len(chosen))


def _issues_at(raw: bytes, heads: ProjectHeads, positions: list[int]) -> list[Issue] | None:
    """The issues at `positions`, each validated in full from its own text in `raw` as
    `save_project` writes it (indented by two: an issue opens and closes at four spaces);
    None when a text does not hold its issue or is not valid."""
    starts, start = {}, len(raw)
    for position in range(len(heads.issues) - 1, min(positions, default=len(heads.issues)) - 1, -1):
        start = raw.rfind(ISSUE_OPENS, 0, start)  # shown issues are the newest: near the end
        if start < 0:
            return None
        starts[position] = start
    issues = []
    for position in positions:
        end = raw.find(ISSUE_CLOSES, starts[position]) + len(ISSUE_CLOSES)
        try:
            issue = Issue.model_validate_json(raw[starts[position] : end])
        except ValidationError:
            return None
        if issue.number != heads.issues[position]["number"]:
            return None
        issues.append(issue)
    return issues


def save_project(path: Path, project: Project) -> None:
    write_atomic(path, project.model_dump_json(indent=2).encode() + b"\n")
