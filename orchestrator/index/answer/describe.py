"""Facts described two ways: as JSON-able dicts for answers, and as short lines of text.

Used by the offline CONSULT answers; kept apart so the answering logic reads on its own.
"""

from __future__ import annotations

from orchestrator.index.infra.env_examples import is_env_example

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from orchestrator.index.facts import EnvVar, Model, Route, Schema, TsType


def route_fact(route: Route) -> dict[str, Any]:
    return {
        "method": route.method,
        "path": route.path,
        "handler": route.handler,
        "file": route.file,
        "line": route.line,
        "auth": route.auth,
        "request_model": route.request_model,
        "response_model": route.response_model,
        "status_code": route.status_code,
        "tags": route.tags,
        "requires": route.requires,
    }


def schema_fact(schema: Schema) -> dict[str, Any]:
    fields = [
        {
            "name": f.name,
            "type": f.type,
            "required": f.required,
            "default": f.default,
            "constraints": f.constraints,
        }
        for f in schema.fields
    ]
    return {
        "name": schema.name,
        "file": schema.file,
        "line": schema.line,
        "fields": fields,
        "validators": schema.validators,
    }


def model_fact(model: Model) -> dict[str, Any]:
    columns = [
        {
            "name": c.name,
            "type": c.type,
            "nullable": c.nullable,
            "primary_key": c.primary_key,
            "unique": c.unique,
            "index": c.index,
            "foreign_key": c.foreign_key,
        }
        for c in model.columns
    ]
    relations = [relation_fact(r) for r in model.relationships]
    return {
        "name": model.name,
        "table": model.table,
        "file": model.file,
        "line": model.line,
        "columns": columns,
        "relationships": relations,
    }


def relation_fact(relation: Any) -> dict[str, Any]:
    return {
        "name": relation.name,
        "target": relation.target,
        "back_populates": relation.back_populates,
        "many": relation.many,
    }


def ts_fact(t: TsType, schema: str | None, endpoints: list[dict[str, str]]) -> dict[str, Any]:
    props = [{"name": p.name, "type": p.type, "optional": p.optional} for p in t.properties]
    return {
        "name": t.name,
        "kind": t.kind,
        "file": t.file,
        "line": t.line,
        "properties": props,
        "schema": schema,
        "endpoints": endpoints,
    }


def service_fact(service: Any) -> dict[str, Any]:
    return {
        "name": service.name,
        "image": service.image,
        "build": service.build,
        "ports": service.ports,
        "environment": service.environment,
        "env_file": service.env_file,
        "depends_on": service.depends_on,
        "file": service.file,
        "line": service.line,
    }


_DEFAULT_FROM = {"settings": 0, "env_example": 1, "compose": 2, "env": 3}


def env_var_facts(env_vars: list[EnvVar]) -> list[dict[str, Any]]:
    """One entry per name, with every place that sets or reads it under ``sources``.

    ``required`` when any place requires it; ``default`` from the settings class first
    (none when a settings class requires it), then an example file, a compose file, a
    real ``.env``. ``file``/``line`` are the first
    place, ``also`` the others.
    """
    declared: dict[str, dict[str, Any]] = {}
    for v in env_vars:
        entry = declared.setdefault(v.name, {
            "name": v.name, "required": False, "default": "", "comment": None,
            "file": v.file, "line": v.line, "also": [], "sources": [],
        })  # fmt: skip
        if entry["sources"]:
            entry["also"].append(f"{v.file}:{v.line}")
        entry["sources"].append({
            "source": v.source, "file": v.file, "line": v.line, "context": v.context,
            "value": v.default, "required": v.required, "comment": v.comment,
        })  # fmt: skip
        entry["required"] = entry["required"] or v.required
        if v.source in ("env", "compose") and v.comment and not entry["comment"]:
            entry["comment"] = v.comment
    for entry in declared.values():
        entry["default"] = _env_default(entry["sources"])
    return list(declared.values())


def _env_default(sources: list[dict[str, Any]]) -> str:
    if any(s["source"] == "settings" and s["required"] for s in sources):
        # a class requires it: another's value (its tests' subclass) is no default
        sources = [s for s in sources if s["source"] != "settings"]
    ranked = sorted(sources, key=lambda s: _DEFAULT_FROM[_origin(s)])
    return next((s["value"] for s in ranked if s["value"]), "")


def _origin(source: dict[str, Any]) -> str:
    if source["source"] != "env":
        return str(source["source"])
    return "env_example" if is_env_example(source["file"].rpartition("/")[2]) else "env"


def route_line(route: Route) -> str:
    extras = [
        f"-> {route.response_model}" if route.response_model else "",
        "[auth]" if route.auth else "",
    ]
    return f"{route.method} {route.path}  {route.handler} ({route.file}:{route.line}) " + " ".join(
        e for e in extras if e
    )


def param_line(param: Any) -> str:
    return f"  {param.location} {param.name}: {param.type or '?'}" + (
        "" if param.required else f" = {param.default}"
    )


def field_line(f: Any) -> str:
    return f"{f.name}: {f.type}" + ("" if f.required else f" = {f.default}")


def schema_text(schema: Schema) -> str:
    lines = [
        f"{schema.name} ({schema.file}:{schema.line})",
        *("  " + field_line(f) for f in schema.fields),
    ]
    if schema.validators:
        lines.append("  validators: " + ", ".join(schema.validators))
    return "\n".join(lines)


def model_text(model: Model) -> str:
    lines = [f"{model.name} (table {model.table}, {model.file}:{model.line})"]
    for c in model.columns:
        flags = [
            f
            for f, on in (
                ("pk", c.primary_key),
                ("unique", c.unique),
                ("index", c.index),
                ("null", c.nullable),
            )
            if on
        ]
        fk = f" -> {c.foreign_key}" if c.foreign_key else ""
        lines.append(f"  {c.name}: {c.type}{fk}" + (f" [{', '.join(flags)}]" if flags else ""))
    lines.extend(f"  {r.name} -> {r.target}" for r in model.relationships)
    return "\n".join(lines)


def env_var_line(v: dict[str, Any]) -> str:
    """``NAME (required) = default  — file:line (where), file:line = other …``: one line a
    name; a place shows its value only when it differs from the default."""
    head = v["name"] + (" (required)" if v["required"] else "")
    head += f" = {v['default']}" if v["default"] else ""
    places = "; ".join(_env_place(s, v["default"]) for s in v["sources"])
    return f"{head}  — {places}"


def _env_place(source: dict[str, Any], default: str) -> str:
    where = f"{source['file']}:{source['line']}"
    value = source["value"] if source["value"] != default else ""
    if source["source"] == "settings":
        return f"{where} ({source['comment']}" + (", required)" if source["required"] else ")")
    if source["source"] == "compose":
        detail = f"service {source['context']}" if source["context"] else "compose"
        if source["required"]:
            detail += f", required: {source['comment']}" if source["comment"] else ", required"
        elif value:
            detail += f", {value}"
        return f"{where} ({detail})"
    comment = f"  # {source['comment']}" if source["comment"] else ""
    return f"{where}{f' = {value}' if value else ''}{comment}"


BRIEF = 48  # characters of a router's source shown on one line


def brief_source(source: str) -> str:
    """A router's source on one short line: a long call by its callee (``crud_router(…)``,
    whose keyword arguments may run to many lines); the facts keep it as written."""
    flat = " ".join(source.split())
    if len(flat) <= BRIEF:
        return flat
    callee, paren, _ = flat.partition("(")
    return f"{callee}(…)" if paren and len(callee) < BRIEF else f"{flat[: BRIEF - 1]}…"
