"""Rules on the endpoints the change adds, read from the static index at head."""

from __future__ import annotations

import re

from orchestrator.index.facts import Route, Schema
from orchestrator.replies.auth import issues_tokens
from orchestrator.review.catalog import (
    ENDPOINT_DOCS,
    REQUEST_BODY,
    ROUTER_UNREAD,
    SENSITIVE_RESPONSE,
)
from orchestrator.review.context import ReviewContext
from orchestrator.review.findings import Finding

SENSITIVE = re.compile(r"(password|passwd|hash|secret|token|api_?key)", re.IGNORECASE)
TOKEN_ONLY = re.compile(r"(password|passwd|hash|secret|api_?key)", re.IGNORECASE)  # ...but tokens
# What a field says about a secret without holding it: `token_type`, `refresh_token_expires_at`.
# Not a URL: a reset link or a presigned URL carries its token in it.
ABOUT_A_SECRET = re.compile(r"_(type|at|in|exp|expires|expiry|ttl)$", re.IGNORECASE)
LOOSE_BODY = re.compile(r"^(typing\.)?(Any|dict|Dict|Mapping|object)\b")


def sensitive_responses(ctx: ReviewContext) -> list[Finding]:
    """QA-SENSITIVE-RESPONSE: a response model exposes a password/hash/secret/token field;
    an endpoint that issues tokens (a login, a refresh) may answer with its tokens."""
    if not ctx.scope.head_declares:
        return []
    schemas = {s.name: s for s in ctx.head_index.schemas}
    found = []
    for route in ctx.head_index.routes:
        schema = schemas.get(_bare(route.response_model))
        if schema is None or route.response_model is None:
            continue
        for f in schema.fields:
            new = route.line in ctx.added(route.file) or f.line in ctx.added(f.file)
            if new and _sensitive_field(route, f.name):
                found.append(_sensitive(ctx, route, schema, f.name, f.file, f.line))
    return _unique(found)


def _sensitive_field(route: Route, name: str) -> bool:
    if not SENSITIVE.search(name) or ABOUT_A_SECRET.search(name):
        return False
    return bool(TOKEN_ONLY.search(name)) or not issues_tokens(route)


def loose_bodies(ctx: ReviewContext) -> list[Finding]:
    """QA-REQUEST-BODY: a new endpoint takes its body as `dict`/`Any` instead of a model."""
    found = []
    for route in _new_routes(ctx):
        for param in route.params:
            if param.location in ("body", "query") and LOOSE_BODY.match(param.type or ""):
                found.append(
                    ctx.finding(
                        REQUEST_BODY,
                        "error",
                        route.file,
                        route.line,
                        f"{route.method} {route.path}: `{param.name}: {param.type}` is not a "
                        "Pydantic model, so nothing validates it",
                        "declare a Pydantic schema (e.g. PostCreate) and use it as the type",
                    )
                )
    return found


def endpoint_docs(ctx: ReviewContext) -> list[Finding]:
    """QA-ENDPOINT-DOCS: a new endpoint with neither a summary nor a docstring."""
    return [
        ctx.finding(
            ENDPOINT_DOCS,
            "error",
            r.file,
            r.line,
            f"{r.method} {r.path} ({r.handler}) has no summary and no docstring",
            "add summary='...' to the route decorator or a docstring to the handler",
        )
        for r in _new_routes(ctx)
        if not (r.summary or r.description)
    ]


def unread_routers(ctx: ReviewContext) -> list[Finding]:
    """QA-ROUTER-UNREAD: the change includes or mounts a router the index cannot read (built
    by a call, from a library, a mounted application): the endpoints it serves escape the
    rules above, so the gate says so instead of passing them in silence."""
    if not ctx.scope.head_declares:
        return []
    return [
        ctx.finding(
            ROUTER_UNREAD,
            "warning",
            unread.file,
            unread.line,
            f"{unread.kind}s {unread.source} at {unread.prefix or '/'}: its endpoints cannot "
            "be read here, so their auth, bodies and responses are not checked",
            "check what it serves by hand (who may call it, what it returns); then waive this "
            "finding in the review: section of stackcrew.yaml with the reason",
        )
        for unread in ctx.head_index.unread_routers
        if unread.line in ctx.added(unread.file)
    ]


def _new_routes(ctx: ReviewContext) -> list[Route]:
    if not ctx.scope.head_declares:
        return []
    return [r for r in ctx.head_index.routes if r.line in ctx.added(r.file)]


def _sensitive(
    ctx: ReviewContext, route: Route, schema: Schema, name: str, file: str, line: int
) -> Finding:
    return ctx.finding(
        SENSITIVE_RESPONSE,
        "block",
        file,
        line,
        f"response model {schema.name} of {route.method} {route.path} exposes field {name!r}",
        f"remove {name!r} from {schema.name} (keep a separate response schema without it)",
    )


def _bare(model: str | None) -> str:
    """`UserResponse` for `list[UserResponse]` or `app.schemas.UserResponse`."""
    names = re.findall(r"[A-Za-z_][\w.]*", model or "")
    wrappers = {"list", "List", "Sequence", "Optional", "None", "dict", "Dict", "str", "int"}
    inner = [n.rpartition(".")[2] for n in names if n.rpartition(".")[2] not in wrappers]
    return inner[0] if inner else ""


def _unique(found: list[Finding]) -> list[Finding]:
    return list({(f.file, f.line, f.message): f for f in found}.values())
