"""Facts described two ways: as JSON-able dicts for answers, and as short lines of text.

Used by the offline CONSULT answers; kept apart so the answering logic reads on its own.
"""

from __future__ import annotations

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


def env_var_facts(env_vars: list[EnvVar]) -> list[dict[str, Any]]:
    """One entry per name, where it is first declared; other places go under ``also``."""
    declared: dict[str, dict[str, Any]] = {}
    for v in env_vars:
        if v.name in declared:
            declared[v.name]["also"].append(f"{v.file}:{v.line}")
            continue
        declared[v.name] = {
            "name": v.name, "default": v.default, "comment": v.comment,
            "file": v.file, "line": v.line, "also": [],
        }  # fmt: skip
    return list(declared.values())


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
    """``  NAME=default  (line N)  # comment  also in other/.env.sample:3``."""
    line = f"  {v['name']}={v['default']}  (line {v['line']})"
    if v["comment"]:
        line += f"  # {v['comment']}"
    if v["also"]:
        line += f"  also in {', '.join(v['also'])}"
    return line
