"""Pydantic schemas against the TypeScript types the frontend declares for them.

Pairing, first match wins, each TypeScript type paired at most once:

1. the explicit mapping (config key ``contracts``: schema name -> TypeScript name);
2. a client call (`typescript.client_calls`): the frontend calls a route's URL with its
   method, and the call's type argument is the route's response model
   (``axios.get<IUserProfile>(`${api}/users/me`)`` and ``GET /users/me`` answering
   ``UserOut``), or the body it sends is declared as the route's request model; ``T[]``
   pairs with ``list[S]`` only;
3. the same name on both sides;
4. the same `naming.type_key` (``UserResponse`` ~ ``User``, ``UserCreate`` ~
   ``CreateUserRequest``) when at least half of the field names are shared; the candidate
   sharing most fields wins.

Schemas taking part are those the routes use as request bodies or responses, with the
schemas their fields refer to, and the mapping's; with no routes, every schema.

Comparison follows the JSON-Schema-to-TypeScript mapping (see
`python.annotations.shape_of`) on the JSON name of each field (its alias, or the alias
generator's camelCase). The optionality rule: a TypeScript property must be required
exactly when the pydantic field is required, or — for a response model — when its type
does not admit None, because FastAPI always serialises every field of a response. A
response field that admits None may be written either ``f?: T | null`` or ``f: T | null``.

Severity ``error`` marks what breaks at run time (a required input the frontend may
omit, a null the frontend does not expect, a field the frontend reads that the API never
sends, a type mismatch); ``warning`` marks a looser or stale declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from orchestrator.index.answer.naming import to_camel, to_pascal, type_key
from orchestrator.index.answer.query import find_route
from orchestrator.index.contracts.shapes import ShapeMatcher, strip_null
from orchestrator.index.facts import Schema, SchemaField, TsProperty, TsType
from orchestrator.index.project_index import ProjectIndex
from orchestrator.index.python.annotations import admits_none, class_names, shape_of

if TYPE_CHECKING:
    # A drift is an error or a warning as a review finding is (never block).
    from project_state.verdicts import Severity

OwnerOf = Callable[[str], str | None]
# How the routes use a schema: the API sends it, accepts it, or both.
Direction = Literal["response", "input", "both"]
# Where a schema's field and its TypeScript property part ways.
DriftKind = Literal["missing_in_ts", "missing_in_schema", "optionality", "nullability", "type"]


@dataclass(slots=True)
class ContractPair:
    schema: str
    ts_type: str
    schema_location: str
    ts_location: str
    direction: Direction
    matched_by: str  # mapping | client call <call> | name | normalised


@dataclass(slots=True)
class Drift:
    kind: DriftKind
    severity: Severity
    schema: str
    ts_type: str
    field: str
    message: str
    schema_location: str
    ts_location: str
    schema_owner: str | None
    ts_owner: str | None


@dataclass(slots=True)
class ContractReport:
    pairs: list[ContractPair] = field(default_factory=list)
    drifts: list[Drift] = field(default_factory=list)
    unpaired_schemas: list[str] = field(default_factory=list)
    unknown_mappings: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Drift]:
        return [d for d in self.drifts if d.severity == "error"]


def check_contracts(
    index: ProjectIndex,
    *,
    mapping: dict[str, str] | None = None,
    owner_of: OwnerOf | None = None,
) -> ContractReport:
    """Pair schemas with TypeScript types and list every drift between them."""
    report = ContractReport()
    schemas = _schemas_by_name(index)
    directions = schema_directions(index, schemas)
    pairs = pair_types(index, mapping or {}, directions, report)
    names = {p.schema: p.ts_type for p in pairs}
    matcher = ShapeMatcher(index.ts_types, names, set(schemas))
    types = {t.name: t for t in index.ts_types}
    for pair in pairs:
        report.pairs.append(pair)
        compare = _Comparison(
            schemas[pair.schema], types[pair.ts_type], pair.direction, matcher, owner_of
        )
        report.drifts.extend(compare.drifts())
    paired = {p.schema for p in pairs}
    report.unpaired_schemas = [n for n in directions if n not in paired]
    return report


def pair_types(
    index: ProjectIndex,
    mapping: dict[str, str],
    directions: dict[str, Direction],
    report: ContractReport | None = None,
) -> list[ContractPair]:
    """The schema/TypeScript pairs, in the order of the rules above."""
    schemas = _schemas_by_name(index)
    types = {t.name: t for t in index.ts_types if t.properties}
    taken: set[str] = set()
    pairs: list[ContractPair] = []
    for schema_name, ts_name in mapping.items():
        if schema_name not in schemas or ts_name not in types:
            missing = schema_name if schema_name not in schemas else ts_name
            if report is not None:
                report.unknown_mappings.append(f"{schema_name} -> {ts_name}: {missing!r} not found")
            continue
        pairs.append(_pair(schemas[schema_name], types[ts_name], directions, "mapping"))
        taken.add(ts_name)
    mapped = set(mapping)
    for schema, ts, call in _called_pairs(index, schemas, types):
        if schema.name not in mapped and ts.name not in taken:
            pairs.append(_pair(schema, ts, directions, f"client call {call}"))
            taken.add(ts.name)  # the schema may still pair by name with another type
    for name in directions:
        if name not in mapped and name in types and name not in taken:
            pairs.append(_pair(schemas[name], types[name], directions, "name"))
            taken.add(name)
    done = {p.schema for p in pairs}
    for name in directions:
        if name not in done:
            best = _best_normalised(schemas[name], types, taken)
            if best is not None:
                pairs.append(_pair(schemas[name], best, directions, "normalised"))
                taken.add(best.name)
    return pairs


def _called_pairs(
    index: ProjectIndex, schemas: dict[str, Schema], types: dict[str, TsType]
) -> list[tuple[Schema, TsType, str]]:
    """(schema, TypeScript type, the call's place) for each call whose route is known."""
    found = []
    aliases = {t.name: t.alias for t in index.ts_types if t.alias}
    for call in index.client_calls:
        route = find_route(index, call.method, call.url)
        if route is None:
            continue
        sides = (
            (call.response_type, route.response_model),
            (call.request_type, route.request_model),
        )
        for ts_text, model in sides:
            matched = _same_container(ts_text, model, schemas, types, aliases)
            if matched is not None:
                found.append((*matched, f"{call.file}:{call.line}"))
    return found


def _same_container(
    ts_text: str | None,
    model: str | None,
    schemas: dict[str, Schema],
    types: dict[str, TsType],
    aliases: dict[str, str],
) -> tuple[Schema, TsType] | None:
    """``IUser`` ~ ``UserOut``, ``IUser[]`` ~ ``list[UserOut]``; None for anything else."""
    if not ts_text or not model:
        return None
    ts_list, ts_name = _ts_element(ts_text.strip())
    model_list, model_name = _python_element(model.strip())
    ts_name = aliases.get(ts_name, ts_name) if ts_name not in types else ts_name
    if ts_list != model_list or ts_name not in types or model_name not in schemas:
        return None
    return schemas[model_name], types[ts_name]


def _ts_element(text: str) -> tuple[bool, str]:
    if text.endswith("[]"):
        return True, text[:-2].strip()
    for generic in ("Array<", "ReadonlyArray<"):
        if text.startswith(generic) and text.endswith(">"):
            return True, text[len(generic) : -1].strip()
    return False, text


def _python_element(text: str) -> tuple[bool, str]:
    for generic in ("list[", "List[", "Sequence[", "typing.List[", "set[", "tuple["):
        if text.startswith(generic) and text.endswith("]"):
            inner = text[len(generic) : -1].removesuffix(", ...").strip()
            return True, inner.rpartition(".")[2]
    return False, text.rpartition(".")[2]


def schema_directions(
    index: ProjectIndex, schemas: dict[str, Schema] | None = None
) -> dict[str, Direction]:
    """Schema name -> its direction, for the schemas the routes use."""
    schemas = schemas if schemas is not None else _schemas_by_name(index)
    if not index.routes:
        return {name: _direction_by_name(name) for name in schemas}
    used: dict[str, set[Direction]] = {}
    for route in index.routes:
        _mark(route.response_model, "response", schemas, used)
        for param in route.params:
            if param.location in ("body", "form"):
                _mark(param.type, "input", schemas, used)
    return {n: "both" if len(d) > 1 else next(iter(d)) for n, d in used.items()}


def _mark(
    annotation: str | None,
    direction: Direction,
    schemas: dict[str, Schema],
    used: dict[str, set[Direction]],
) -> None:
    pending = [n for n in class_names(annotation) if n in schemas]
    while pending:
        name = pending.pop()
        if direction in used.setdefault(name, set()):
            continue
        used[name].add(direction)
        for f in schemas[name].fields:
            pending.extend(n for n in class_names(f.type) if n in schemas)


def _direction_by_name(name: str) -> Direction:
    return "input" if type_key(name)[1] in ("write", "update") else "response"


def _schemas_by_name(index: ProjectIndex) -> dict[str, Schema]:
    found: dict[str, Schema] = {}
    for schema in index.schemas:
        if schema.kind != "settings":
            found.setdefault(schema.name, schema)
    return found


def _pair(schema: Schema, ts: TsType, directions: dict[str, Direction], how: str) -> ContractPair:
    direction = directions.get(schema.name) or _direction_by_name(schema.name)
    return ContractPair(schema.name, ts.name, _at(schema), _at(ts), direction, how)


def _best_normalised(schema: Schema, types: dict[str, TsType], taken: set[str]) -> TsType | None:
    key = type_key(schema.name)
    names = {json_name(schema, f) for f in schema.fields}
    best, best_overlap = None, 0.5
    for ts in types.values():
        if ts.name in taken or type_key(ts.name) != key:
            continue
        props = {p.name for p in ts.properties}
        overlap = len(names & props) / max(len(names | props), 1)
        if overlap >= best_overlap:
            best, best_overlap = ts, overlap
    return best


def json_name(schema: Schema, f: SchemaField) -> str:
    if f.alias:
        return f.alias
    if schema.alias_style == "camel":
        return to_camel(f.name)
    if schema.alias_style == "pascal":
        return to_pascal(f.name)
    return f.name


def _at(fact: Schema | SchemaField | TsType | TsProperty) -> str:
    return f"{fact.file}:{fact.line}"


class _Comparison:
    def __init__(
        self,
        schema: Schema,
        ts: TsType,
        direction: Direction,
        matcher: ShapeMatcher,
        owner_of: OwnerOf | None,
    ) -> None:
        self.schema, self.ts, self.direction, self.matcher = schema, ts, direction, matcher
        self.owner_of = owner_of or (lambda _path: None)
        self.found: list[Drift] = []

    def drifts(self) -> list[Drift]:
        props = {p.name: p for p in self.ts.properties}
        names = set()
        for f in self.schema.fields:
            name = json_name(self.schema, f)
            names.add(name)
            if name in props:
                self._compare(f, name, props[name])
            else:
                self._missing_in_ts(f, name)
        for prop in self.ts.properties:
            if prop.name not in names:
                self._missing_in_schema(prop)
        return self.found

    def _missing_in_ts(self, f: SchemaField, name: str) -> None:
        breaks = self.direction != "response" and f.required
        why = (
            "the API requires it"
            if breaks
            else "the API " + ("accepts" if self.direction == "input" else "sends") + " it"
        )
        self._add("missing_in_ts", breaks, name, f"{self.ts.name} lacks {name!r}; {why}", f, None)

    def _missing_in_schema(self, prop: TsProperty) -> None:
        breaks = self.direction != "input"
        why = "the frontend reads a field the API never sends" if breaks else "the API ignores it"
        self._add(
            "missing_in_schema",
            breaks,
            prop.name,
            f"{self.schema.name} has no {prop.name!r}; {why}",
            None,
            prop,
        )

    def _compare(self, f: SchemaField, name: str, prop: TsProperty) -> None:
        self._optionality(f, name, prop)
        self._nullability(f, name, prop)
        expected, actual = strip_null(shape_of(f.type)), strip_null(prop.shape)
        if not self.matcher.compatible(expected, actual):
            message = f"{name!r}: {f.type} is {self.matcher.describe(expected)} in JSON, TypeScript says {prop.type}"
            self._add("type", True, name, message, f, prop)

    def _optionality(self, f: SchemaField, name: str, prop: TsProperty) -> None:
        ts_required = not prop.optional
        if self.direction == "response":
            if not ts_required and not admits_none(f.type):
                self._add(
                    "optionality",
                    False,
                    name,
                    f"{name!r} is always sent; TypeScript marks it optional",
                    f,
                    prop,
                )
            return
        if f.required and not ts_required:
            self._add(
                "optionality",
                True,
                name,
                f"{name!r} is required by the API; TypeScript marks it optional",
                f,
                prop,
            )
        elif not f.required and ts_required and self.direction == "input":
            self._add(
                "optionality",
                False,
                name,
                f"{name!r} has a default in the API; TypeScript requires it",
                f,
                prop,
            )

    def _nullability(self, f: SchemaField, name: str, prop: TsProperty) -> None:
        py_null, ts_null = admits_none(f.type), _has_null(prop.shape)
        if py_null == ts_null:
            return
        if py_null:
            breaks = self.direction != "input"
            message = f"{name!r} may be null ({f.type}); TypeScript says {prop.type}"
        else:
            breaks = self.direction != "response"
            message = f"{name!r} is never null in the API ({f.type}); TypeScript allows null"
        self._add("nullability", breaks, name, message, f, prop)

    def _add(
        self,
        kind: DriftKind,
        breaks: bool,
        name: str,
        message: str,
        f: SchemaField | None,
        prop: TsProperty | None,
    ) -> None:
        schema_at = _at(f) if f is not None else _at(self.schema)
        ts_at = _at(prop) if prop is not None else _at(self.ts)
        self.found.append(
            Drift(
                kind=kind,
                severity="error" if breaks else "warning",
                schema=self.schema.name,
                ts_type=self.ts.name,
                field=name,
                message=message,
                schema_location=schema_at,
                ts_location=ts_at,
                schema_owner=self.owner_of(schema_at.rpartition(":")[0]),
                ts_owner=self.owner_of(ts_at.rpartition(":")[0]),
            )
        )


def _has_null(shape: list) -> bool:
    members = shape[1] if shape[0] == "union" else [shape]
    return ["null"] in members
