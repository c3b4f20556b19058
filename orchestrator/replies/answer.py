"""CONSULT without a model: answer an agent's question from the static index.

`answer` is pure: it reads the index (and the QA reviews it is given) and returns facts
as JSON-able data plus a short text in the agent's terms. How a question is mapped, in
order, per agent (words as in `orchestrator.index.answer.query`):

* fastapi — ``METHOD /path`` names one endpoint (``request`` or ``response`` in the
  question narrows to that schema); a schema's name names that schema; a question about
  access (``login endpoints?``, ``which endpoints need a superuser?``, ``public
  endpoints?``) is answered from the routes' dependencies (`orchestrator.replies.auth`); otherwise
  the endpoints, filtered by resource words
  (without a word of `ENDPOINT`, only when every resource word matches some endpoint:
  ``users?`` is answered, ``how should we shard the items cache?`` is not).
* database — a model's name or table; a word of `MIGRATION` gives revisions and head(s);
  ``relation``/``relationship`` lists relationships; otherwise the models, filtered.
* vue — a TypeScript type's name gives it and the endpoints it maps to (through the
  contract pairing and the routes' request and response models); otherwise the types.
* devops — ``port`` gives ports; ``env``/``environment``/``variable`` the variables, each
  once with every place that sets or reads it (``.env*`` files, compose ``environment``
  entries and ``${NAME}`` interpolations, ``BaseSettings`` fields) and whether it is
  required; otherwise the services.
* qa — the latest review's verdict and the open findings of every review.

Anything else gets the nearest facts (the most shared words) and ``answered=False``;
`reply` then adds that a configured model gives free-form answers.
"""

from __future__ import annotations

from collections.abc import Callable

from orchestrator.index.answer import query
from orchestrator.index.answer.describe import (
    env_var_facts,
    env_var_line,
    field_line,
    model_fact,
    model_text,
    param_line,
    relation_fact,
    route_fact,
    route_line,
    schema_fact,
    schema_text,
    service_fact,
    ts_fact,
)
from orchestrator.index.answer.naming import singular, words
from orchestrator.index.project_index import ProjectIndex
from orchestrator.replies.auth import INTENT as ACCESS
from orchestrator.replies.auth import NEED, who_may_call
from orchestrator.replies.findings import finding_text, is_open
from orchestrator.replies.migrations import migrations_reply, revision_tables, revision_tables_text
from orchestrator.replies.skipped import skipped_notes, skipped_text
from orchestrator.replies.unread import unread_notes, unread_text

TYPE_CHECKING = False  # as `typing.TYPE_CHECKING`, without loading typing (~5 ms)
if TYPE_CHECKING:
    from typing import Any

    from agents.names import BuiltinAgent
    from orchestrator.index.facts import Model, Route, Schema


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


ENDPOINT = _word_set("endpoint endpoints route routes api apis path paths url urls operations")

SCHEMA = _word_set("schema schemas request response body payload model fields field")
MODEL = _word_set("model models table tables column columns field fields database db")
MIGRATION = _word_set("migration migrations head heads revision revisions alembic latest")
RELATION = _word_set("relation relations relationship relationships related foreign fk")

TS = _word_set(
    "interface interfaces type types typescript ts frontend map maps mapped component components"
)

DEVOPS = _word_set(
    "service services container containers compose docker port ports env environment "
    "variable variables config"
)

FREE_FORM_HINT = "A configured model (ANTHROPIC_API_KEY or base_url) gives free-form answers."


class Answer:
    """An offline answer: its facts as JSON-able data and its text. A plain class: a first
    question's answer is worked out without loading `dataclasses` (~10 ms)."""

    __slots__ = ("agent", "answered", "facts", "question", "text")

    def __init__(
        self,
        agent: str,
        question: str,
        answered: bool,
        facts: dict[str, Any] | None = None,
        text: str = "",
    ) -> None:
        self.agent, self.question, self.answered = agent, question, answered
        self.facts = facts if facts is not None else {}
        self.text = text

    def to_dict(self) -> dict[str, Any]:
        return {
            "agent": self.agent,
            "question": self.question,
            "answered": self.answered,
            "facts": self.facts,
            "text": self.text,
        }


def answer(
    agent: str,
    question: str,
    index: ProjectIndex,
    *,
    reviews: list[dict[str, Any]] | None = None,
    contracts: dict[str, str] | None = None,
) -> Answer:
    """The offline answer of ``agent`` to ``question``; never does I/O."""
    handler = INDEX_ANSWERS.get(agent)  # none for the reviewer, nor a project's own agent
    if handler is None:
        # lazy: the agents' names load `typing` (~5 ms), which an index answer does without
        from agents.names import REVIEWER

        if agent == REVIEWER:
            return _qa(question, reviews)
    found = handler(question, index, contracts or {}) if handler else None
    found = found if found is not None else _nearest(agent, question, index)
    notes = skipped_notes(found.agent, found.facts.get("routes") or [], index)
    if notes:
        found.facts["skipped"] = notes
        found.text = f"{found.text}\n\n{skipped_text(notes)}"
    if "routes" in found.facts and (unread := unread_notes(index)):
        found.facts["unread_routers"] = unread
        found.text = f"{found.text}\n\n{unread_text(unread)}"
    return found


def reply(
    agent: str,
    question: str,
    index: ProjectIndex,
    *,
    reviews: list[dict[str, Any]] | None = None,
    contracts: dict[str, str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """What ``agent consult`` shows for an offline answer: its text, and its data."""
    found = answer(agent, question, index, reviews=reviews, contracts=contracts)
    text = found.text if found.answered else f"{found.text}\n\n{FREE_FORM_HINT}"
    return text, found.to_dict()


# fastapi ------------------------------------------------------------------------------


def _fastapi(question: str, index: ProjectIndex, _contracts: dict[str, str]) -> Answer | None:
    operation = query.operation(question)
    if operation is not None:
        return _operation("fastapi", question, index, operation)
    if query.has_type_name(question):  # only then are the schemas worth decoding
        for name in query.named(question, [s.name for s in index.schemas]):
            schema = query.schema_named(index, name)
            if schema is not None:
                return _done(
                    "fastapi", question, {"schema": schema_fact(schema)}, schema_text(schema)
                )
    words = set(query.words(question))
    resources = query.resource_words(question, ENDPOINT | SCHEMA | NEED)
    routes = None if words & ACCESS else query.routes_about(index, resources)
    access = who_may_call(question, index, ENDPOINT | SCHEMA, routes)
    if access is not None:
        return _routes_answer(question, *access)
    routes = routes if routes is not None else query.routes_about(index, resources)
    if not (words & (ENDPOINT | NEED)) and (not routes or _unmatched(routes, resources)):
        return None
    return _routes_answer(question, routes, "Endpoints" + _about(resources))


def _unmatched(routes: list[Route], resources: list[str]) -> list[str]:
    """Resource words no listed route is about: the question is about something else."""
    missing = set(resources)
    for route in routes:  # usually the first route names them all
        missing -= query.route_words(route)
        if not missing:
            return []
    return [r for r in resources if r in missing]


def _operation(
    agent: str, question: str, index: ProjectIndex, operation: tuple[str, str]
) -> Answer:
    route = query.find_route(index, *operation)
    if route is None:
        text = f"No endpoint {operation[0]} {operation[1]} in the index."
        return _done(agent, question, {"route": None}, text, answered=False)
    words = set(query.words(question))
    wanted = ["request"] if "request" in words or "body" in words else []
    wanted += ["response"] if "response" in words else []
    wanted = wanted or ["request", "response"]
    facts: dict[str, Any] = {"route": route_fact(route)}
    lines = [route_line(route), *(param_line(p) for p in route.params)]
    for side in wanted:
        type_text = route.request_model if side == "request" else route.response_model
        schema = _schema_in(index, type_text)
        facts[side] = {"type": type_text, "schema": schema_fact(schema) if schema else None}
        lines.append(f"{side}: {type_text or 'none'}")
        if schema is not None:
            lines.extend("  " + field_line(f) for f in schema.fields)
    return _done(agent, question, facts, "\n".join(lines))


def _schema_in(index: ProjectIndex, type_text: str | None) -> Schema | None:
    for name in query.named(type_text or "", [s.name for s in index.schemas]):
        return query.schema_named(index, name)
    return None


def _routes_answer(question: str, routes: list[Route], title: str) -> Answer:
    facts = {"routes": [route_fact(r) for r in routes]}
    lines = [f"{title}: {len(routes)}", *(route_line(r) for r in routes[:50])]
    if len(routes) > 50:
        lines.append(f"… and {len(routes) - 50} more (all in facts)")
    return _done("fastapi", question, facts, "\n".join(lines))


# database -----------------------------------------------------------------------------


def _database(question: str, index: ProjectIndex, _contracts: dict[str, str]) -> Answer | None:
    words = set(query.words(question))
    if words & MIGRATION:
        return _migrations(question, index)
    names = query.named(question, [m.name for m in index.models] + [m.table for m in index.models])
    named = [m for m in (query.model_named(index, n) for n in names) if m is not None]
    resources = query.resource_words(question, MODEL | MIGRATION | RELATION)
    if words & RELATION:
        return _relationships(question, named or query.models_about(index, resources))
    if named:
        return _done("database", question, {"model": model_fact(named[0])}, model_text(named[0]))
    models = query.models_about(index, resources)
    if not models and not (words & MODEL):
        return None
    lines = [
        f"{m.name} (table {m.table}, {m.file}:{m.line}): " + ", ".join(c.name for c in m.columns)
        for m in models
    ]
    facts: dict[str, Any] = {"models": [model_fact(m) for m in models]}
    tables = revision_tables(index) if not index.models else []
    if tables:  # no mapped class anywhere: the revisions are where the tables are
        facts["revision_tables"] = tables
        return _done("database", question, facts, revision_tables_text(tables))
    return _done("database", question, facts, "\n".join(lines) or "No models.")


def _relationships(question: str, models: list[Model]) -> Answer:
    relations = [{"model": m.name, **relation_fact(r)} for m in models for r in m.relationships]
    lines = [
        f"{r['model']}.{r['name']} -> {r['target']}"
        + (f" (back_populates {r['back_populates']})" if r["back_populates"] else "")
        for r in relations
    ]
    return _done(
        "database", question, {"relationships": relations}, "\n".join(lines) or "No relationships."
    )


def _migrations(question: str, index: ProjectIndex) -> Answer:
    facts, text = migrations_reply(index)
    return _done("database", question, facts, text)


# vue ----------------------------------------------------------------------------------


def _vue(question: str, index: ProjectIndex, contracts: dict[str, str]) -> Answer | None:
    # lazy: keeps importing this module light
    from orchestrator.index.contracts.check import pair_types, schema_directions

    pairs = {p.ts_type: p.schema for p in pair_types(index, contracts, schema_directions(index))}
    names = query.named(question, [t.name for t in index.ts_types])
    resources = query.resource_words(question, TS | ENDPOINT)
    types = [t for t in index.ts_types if t.name in names] or [
        t for t in index.ts_types if query.about(t.name, resources)
    ]
    if not types and not (set(query.words(question)) & (TS | ENDPOINT)):
        return None
    types = types or list(index.ts_types)
    facts = {
        "types": [
            ts_fact(t, pairs.get(t.name), _endpoints_of(index, pairs.get(t.name))) for t in types
        ]
    }
    lines = []
    for t, fact in zip(types, facts["types"], strict=True):
        lines.append(
            f"{t.kind} {t.name} ({t.file}:{t.line}): "
            + ", ".join(p.name + ("?" if p.optional else "") for p in t.properties)
        )
        lines.extend(
            f"  {e['method']} {e['path']} ({e['as']} {fact['schema']})" for e in fact["endpoints"]
        )
    return _done("vue", question, facts, "\n".join(lines) or "No TypeScript types.")


def _endpoints_of(index: ProjectIndex, schema: str | None) -> list[dict[str, str]]:
    if schema is None:
        return []
    found = []
    for route in index.routes:
        if schema in query.named(route.response_model or "", [schema]):
            found.append({"method": route.method, "path": route.path, "as": "response"})
        if schema in query.named(route.request_model or "", [schema]):
            found.append({"method": route.method, "path": route.path, "as": "request"})
    return found


# devops -------------------------------------------------------------------------------


def _devops(question: str, index: ProjectIndex, _contracts: dict[str, str]) -> Answer | None:
    words = set(query.words(question))
    if words & {"port", "ports"}:
        facts = {"ports": {s.name: s.ports for s in index.services}}
        lines = [f"{s.name}: {', '.join(s.ports) or 'none'}" for s in index.services]
        return _done("devops", question, facts, "\n".join(lines) or "No compose services.")
    if words & {"env", "environment", "variable", "variables", "config"}:
        return _environment(question, index)
    if not (words & DEVOPS) and not index.services:
        return None
    facts = {"services": [service_fact(s) for s in index.services]}
    lines = [
        f"{s.name}: {s.image or 'build ' + (s.build or '?')}, ports {', '.join(s.ports) or 'none'}"
        + (f", depends on {', '.join(s.depends_on)}" if s.depends_on else "")
        for s in index.services
    ]
    return _done("devops", question, facts, "\n".join(lines) or "No compose services.")


def _environment(question: str, index: ProjectIndex) -> Answer:
    """Each variable once, with every file that sets or reads it (dotenv, compose, settings)."""
    declared = env_var_facts(index.env_vars)
    services = {s.name: s.environment for s in index.services if s.environment}
    required = sum(1 for v in declared if v["required"])
    lines = [f"Environment variables: {len(declared)} ({required} required)"] if declared else []
    lines += [env_var_line(v) for v in declared]
    return _done(
        "devops",
        question,
        {"env_vars": declared, "service_environment": services},
        "\n".join(lines) or "No environment variables declared.",
    )


# qa -----------------------------------------------------------------------------------


def _qa(question: str, reviews: list[dict[str, Any]] | None) -> Answer:
    if not reviews:
        return _done("qa", question, {"reviews": []}, "No reviews recorded.")
    latest = reviews[-1]
    open_findings = [f for r in reviews for f in r.get("findings") or [] if is_open(f)]
    facts = {
        "latest": latest,
        "verdicts": [r.get("verdict") for r in reviews],
        "open_findings": open_findings,
    }
    lines = [
        f"Latest verdict: {latest.get('verdict', 'unknown')}",
        f"Open findings: {len(open_findings)}",
    ]
    lines += [f"- {finding_text(f)}" for f in open_findings]
    return _done("qa", question, facts, "\n".join(lines))


# anything else ------------------------------------------------------------------------


def _nearest(agent: str, question: str, index: ProjectIndex) -> Answer:
    wanted = {singular(w) for w in query.resource_words(question, frozenset())}
    scored: list[tuple[int, str, dict[str, Any]]] = []
    for route in index.routes:
        scored.append((len(wanted & query.route_words(route)), "route", route_fact(route)))
    for item, kind in [
        *((s, "schema") for s in index.schemas),
        *((m, "model") for m in index.models),
        *((t, "ts_type") for t in index.ts_types),
    ]:
        score = len(wanted & {singular(w) for w in query.words(" ".join(_snake(item.name)))})
        scored.append((score, kind, {"name": item.name, "file": item.file, "line": item.line}))
    best = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])[:10]
    nearest = [{"kind": kind, **fact} for _, kind, fact in best]
    lines = ["No offline answer maps to this question."]
    if nearest:
        lines.append("Nearest facts:")
        lines += [
            f"- {n['kind']}: "
            + (
                f"{n['method']} {n['path']}"
                if n["kind"] == "route"
                else f"{n['name']} ({n['file']}:{n['line']})"
            )
            for n in nearest
        ]
    facts = {"nearest": nearest, "counts": dict(index.stats.counts)}
    return _done(agent, question, facts, "\n".join(lines), answered=False)


def _snake(name: str) -> list[str]:
    return words(name)


# answers ------------------------------------------------------------------------------


def _done(
    agent: str, question: str, facts: dict[str, Any], text: str, *, answered: bool = True
) -> Answer:
    return Answer(agent=agent, question=question, answered=answered, facts=facts, text=text)


def _about(resources: list[str]) -> str:
    return f" about {', '.join(resources)}" if resources else ""


# How each built-in but the reviewer answers from the index (the reviewer answers from the
# reviews); a project's own agents get the nearest facts.
IndexAnswer = Callable[[str, ProjectIndex, dict[str, str]], Answer | None]
INDEX_ANSWERS: dict[BuiltinAgent, IndexAnswer] = {
    "fastapi": _fastapi,
    "database": _database,
    "vue": _vue,
    "devops": _devops,
}
