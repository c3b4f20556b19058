"""The recipe registry: names, descriptions and parameter schemas, and how one is chosen.

A recipe is usable on its own (a model engine may offer them as tools):

    files = run_recipe("fastapi.crud", {"resource": "post", "fields": [...]}, workspace, index)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from agents.names import BuiltinAgent
from orchestrator.engine import Job
from orchestrator.engines.offline import backend, database, devops, fields, frontend
from orchestrator.engines.offline.context import RecipeContext
from orchestrator.engines.offline.resource import Resource
from orchestrator.index import ProjectIndex
from orchestrator.workspace import Workspace
from project_state.project_file import FieldSpec, IssueSpec, SpecKind


class ResourceParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resource: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="singular, snake_case")
    fields: list[FieldSpec] = Field(default_factory=list)

    def to_resource(self) -> Resource:
        return Resource(self.resource, tuple(self.fields))


class HealthParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(default="/health", pattern=r"^/[\w/-]*$")


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Recipe:
    name: str
    agent: BuiltinAgent  # a project's own agents have no recipes
    description: str
    params: type[BaseModel]
    run: Callable[[RecipeContext, BaseModel], None]


def _resource(
    step: Callable[[RecipeContext, Resource], None],
) -> Callable[[RecipeContext, BaseModel], None]:
    def run(ctx: RecipeContext, params: BaseModel) -> None:
        step(ctx, ResourceParams.model_validate(params.model_dump()).to_resource())

    return run


def _health(ctx: RecipeContext, params: BaseModel) -> None:
    backend.add_health(ctx, params.path if isinstance(params, HealthParams) else "/health")


RECIPES: dict[str, Recipe] = {
    r.name: r
    for r in (
        Recipe("database.model", "database", "A table (SQLAlchemy 2 or SQLModel) and its Alembic revision.",
               ResourceParams, _resource(database.add_model)),
        Recipe("fastapi.crud", "fastapi", "CRUD schemas, service, router, registration and tests.",
               ResourceParams, _resource(backend.add_crud)),
        Recipe("fastapi.health", "fastapi", "A health-check endpoint on the application, with a test.",
               HealthParams, _health),
        Recipe("vue.client", "vue", "TypeScript interfaces and an API client from the schemas.",
               ResourceParams, _resource(frontend.add_client)),
        Recipe("database.field", "database", "New columns on a model, with their Alembic revision.",
               ResourceParams, _resource(fields.add_column)),
        Recipe("fastapi.field", "fastapi", "New fields carried through a resource's schemas.",
               ResourceParams, _resource(fields.add_schema_fields)),
        Recipe("vue.field", "vue", "New fields added to the TypeScript interfaces of the schemas.",
               ResourceParams, _resource(fields.add_ts_fields)),
        Recipe("devops.infra", "devops", "A CI workflow; a Dockerfile and compose file if missing.",
               NoParams, lambda ctx, _params: devops.add_infra(ctx)),
    )
}  # fmt: skip

# The recipe each built-in runs for its part of a spec of each kind: one for every layer
# routing gives that kind (`orchestrator.routing.SPEC_LAYERS`).
SPEC_RECIPES: dict[SpecKind, dict[BuiltinAgent, str]] = {
    "resource": {"database": "database.model", "fastapi": "fastapi.crud", "vue": "vue.client"},
    "field": {"database": "database.field", "fastapi": "fastapi.field", "vue": "vue.field"},
    "health": {"fastapi": "fastapi.health"},
    "infra": {"devops": "devops.infra"},
}
TEXT_RECIPES: tuple[tuple[BuiltinAgent, re.Pattern[str], str], ...] = (
    ("fastapi", re.compile(r"health[ -]?check", re.IGNORECASE), "fastapi.health"),
    (
        "devops",
        re.compile(r"\bci\b.*workflow|dockerfile|\bcompose\b", re.IGNORECASE),
        "devops.infra",
    ),
)


def run_recipe(
    name: str, params: dict[str, object], workspace: Workspace, index: ProjectIndex
) -> list[str]:
    """Run recipe `name` with `params` (validated by its schema); the files it changed."""
    recipe = RECIPES[name]
    ctx = RecipeContext(workspace, index, recipe=name)
    recipe.run(ctx, recipe.params.model_validate(params))
    return ctx.changed


def choose_recipe(job: Job) -> tuple[str, dict[str, object]] | None:
    """The recipe (and its parameters) for this agent's part of the job, if there is one."""
    agent = job.agent.name
    spec = job.issue.spec if job.issue is not None else None
    if spec is not None and (name := SPEC_RECIPES.get(spec.kind, {}).get(agent)):
        chosen = _with_spec_params(name, spec)
        if chosen is not None:
            return chosen
    for owner, pattern, text_recipe in TEXT_RECIPES:
        if owner == agent and pattern.search(job.instruction):
            return text_recipe, {}
    return None


def _with_spec_params(name: str, spec: IssueSpec) -> tuple[str, dict[str, object]] | None:
    """A recipe that builds a resource takes the spec's, if it names one; others take
    their defaults."""
    if RECIPES[name].params is not ResourceParams:
        return name, {}
    if not spec.resource:
        return None
    return name, {"resource": spec.resource, "fields": [f.model_dump() for f in spec.fields]}
